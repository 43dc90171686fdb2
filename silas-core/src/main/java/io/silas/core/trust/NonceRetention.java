package io.silas.core.trust;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long used nonces are remembered, and the pruning job that forgets older ones
 * (docs/contracts.md#keys-approvals-and-nonces): the retention TTL is the longest approval-token TTL plus a 10-minute
 * safety buffer. A nonce older than that protects nothing: every token or message it could belong to has expired, so
 * {@link #pruneExpired(Clock)} removes it.
 *
 * <p><b>Security guarantees.</b> A nonce must outlive every message that could still carry it. A message is
 * fresh while its timestamp is within the freshness window {@code w} of the current time, and its nonce is
 * recorded when it arrives, so the last moment a message signed with a timestamp up to {@code w} ahead can still
 * arrive fresh is {@code 2w} after the nonce was recorded. {@link #requireCovers(Duration)} therefore demands
 * {@code ttl > 2w} (stricter than {@code ttl > w}) and fails with {@code CONFIG_INVALID} otherwise. Immutable and
 * thread-safe.
 */
public final class NonceRetention {
    /** Safety buffer added to the longest token TTL. */
    public static final Duration SAFETY_BUFFER = Duration.ofMinutes(10);
    /** Default approval-token TTL (docs/contracts.md#keys-approvals-and-nonces default). */
    public static final Duration DEFAULT_MAX_TOKEN_TTL = Duration.ofMinutes(30);

    private static final Logger LOG = LoggerFactory.getLogger(NonceRetention.class);

    private final NonceStore store;
    private final Duration ttl;

    private NonceRetention(NonceStore store, Duration ttl) {
        this.store = store;
        this.ttl = ttl;
    }

    /**
     * Retention for {@code store} with TTL {@code maxTokenTtl + 10 min}.
     *
     * @param store the nonce store whose expired rows are pruned
     * @param maxTokenTtl the max token ttl
     * @return the nonce retention
     */
    public static NonceRetention of(NonceStore store, Duration maxTokenTtl) {
        if (store == null) {
            throw SilasException.invalid("nonce_store", "must not be null");
        }
        return new NonceRetention(store, ttlFor(maxTokenTtl));
    }

    /**
     * Retention for {@code store} with the default token TTL (30 min), i.e. a 40-minute TTL.
     *
     * @param store the nonce store whose expired rows are pruned
     * @return the nonce retention
     */
    public static NonceRetention withDefaults(NonceStore store) {
        return of(store, DEFAULT_MAX_TOKEN_TTL);
    }

    /**
     * {@return the retention TTL for a longest token TTL: {@code maxTokenTtl + 10 min}}
     *
     * @param maxTokenTtl the max token ttl
     */
    public static Duration ttlFor(Duration maxTokenTtl) {
        if (maxTokenTtl == null || maxTokenTtl.isNegative() || maxTokenTtl.isZero()) {
            throw new SilasException(ErrorCode.CONFIG_INVALID, "max token TTL must be a positive duration");
        }
        return maxTokenTtl.plus(SAFETY_BUFFER);
    }

    /** {@return how long a recorded nonce is kept} */
    public Duration ttl() {
        return ttl;
    }

    /**
     * Checks that nonces outlive every message a freshness window admits ({@code ttl > 2 * window}).
     *
     * @param freshnessWindow the freshness window
     * @throws SilasException {@code CONFIG_INVALID} naming both durations otherwise
     */
    public void requireCovers(Duration freshnessWindow) {
        requireCovers(ttl, freshnessWindow);
    }

    /**
     * {@link #requireCovers(Duration)} for a retention {@code ttl} not held in a {@code NonceRetention}.
     *
     * @param ttl the ttl
     * @param freshnessWindow the freshness window
     */
    public static void requireCovers(Duration ttl, Duration freshnessWindow) {
        if (freshnessWindow.multipliedBy(2).compareTo(ttl) >= 0) {
            throw new SilasException(ErrorCode.CONFIG_INVALID, "message freshness window " + freshnessWindow
                    + " is too long for nonce retention " + ttl + ": retention must exceed twice the window, "
                    + "or a replayed message could still be fresh after its nonce was pruned");
        }
    }

    /**
     * Removes nonce records older than {@code now - ttl}; meant to be scheduled (e.g. every 10 minutes).
     *
     * @param clock the clock to read time from
     * @return the number of records removed
     */
    public int pruneExpired(Clock clock) {
        int removed = store.prune(clock.instant().minus(ttl));
        LOG.debug("Pruned {} expired nonce records (retention {})", removed, ttl);
        return removed;
    }
}
