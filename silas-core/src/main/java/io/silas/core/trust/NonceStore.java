package io.silas.core.trust;

import io.silas.core.error.SilasException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Remembers which nonces have been used, per domain ({@code msg} for inbound messages, {@code exec} for
 * approval executions). The stored key is {@code "{domain}:{binding}"}; domains are lower-case words
 * without a colon, so the same binding in two domains never collides.
 *
 * <p><b>Security guarantees.</b> {@link #recordIfAbsent} is one atomic step: of any number of concurrent
 * callers with the same domain and binding, exactly one gets {@code true}. Implementations are thread-safe.
 */
public interface NonceStore {
    /** Domain of inbound message nonces. */
    String DOMAIN_MESSAGE = "msg";
    /** Domain of approval execution nonces. */
    String DOMAIN_EXECUTION = "exec";
    /** Domain of run claims: one verified approval execution started one run of a work item. */
    String DOMAIN_RUN = "run";

    /**
     * Records the nonce if it was never recorded in this domain.
     *
     * @param domain domain tag, e.g. {@code personal}, {@code business:acme}
     * @param binding the binding
     * @param recordedAt the recorded at
     * @return {@code true} if this call recorded it, {@code false} if it was already used
     */
    boolean recordIfAbsent(String domain, String binding, Instant recordedAt);

    /**
     * Records the bindings in order, stopping at the first one that was already recorded in this domain;
     * the ones before it stay recorded. Durable stores do this in one transaction (one commit), so a caller
     * that must record several related nonces pays for one disk sync. Each single record is as atomic as
     * {@link #recordIfAbsent}.
     *
     * @param domain domain tag, e.g. {@code personal}, {@code business:acme}
     * @param bindings the bindings
     * @param recordedAt the recorded at
     * @return how many bindings this call recorded ({@code bindings.size()} when none was used before)
     */
    default int recordInOrder(String domain, List<String> bindings, Instant recordedAt) {
        int recorded = 0;
        for (String binding : bindings) {
            if (!recordIfAbsent(domain, binding, recordedAt)) {
                return recorded;
            }
            recorded++;
        }
        return recorded;
    }

    /**
     * {@return whether the nonce was recorded in this domain (and not pruned since)}
     *
     * @param domain domain tag, e.g. {@code personal}, {@code business:acme}
     * @param binding the binding
     */
    boolean isUsed(String domain, String binding);

    /**
     * Removes records older than the instant; returns how many were removed.
     *
     * @param olderThan the older than
     * @return the int
     */
    int prune(Instant olderThan);

    /**
     * {@return whether recording waits on storage (a durable commit, a network round trip)} The approval engine then has a
     * token's signature checked on another thread while it records the execution claim; with a store answering from
     * memory it checks first and records after. Default {@code true}.
     */
    default boolean waitsOnStorage() {
        return true;
    }

    /** {@return a thread-safe in-memory store (lost on restart; for tests and ephemeral hosts)} */
    static NonceStore inMemory() {
        return new InMemoryNonceStore();
    }

    /**
     * Validates a domain and returns the storage key {@code "{domain}:{binding}"}.
     *
     * @param domain domain tag, e.g. {@code personal}, {@code business:acme}
     * @param binding the binding
     * @return the string
     */
    static String key(String domain, String binding) {
        if (domain == null || !DomainRule.PATTERN.matcher(domain).matches()) {
            throw SilasException.invalid("domain", "must be a lower-case word without ':' but was " + domain);
        }
        if (binding == null || binding.isEmpty()) {
            throw SilasException.invalid("binding", "must not be empty");
        }
        return domain + ":" + binding;
    }

    /** Holder of the domain pattern. */
    final class DomainRule {
        static final Pattern PATTERN = Pattern.compile("[a-z][a-z0-9_]{0,31}");

        private DomainRule() {
        }
    }
}
