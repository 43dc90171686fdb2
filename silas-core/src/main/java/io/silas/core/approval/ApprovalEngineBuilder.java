package io.silas.core.approval;

import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditLog;
import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.RequiredParts;
import io.silas.core.error.SetOnce;
import io.silas.core.error.SilasException;
import io.silas.core.trust.NonceRetention;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Builds the default {@link ApprovalEngine} ({@link ApprovalEngine#builder()}). Each setter may be called once;
 * {@link #build()} names every missing required collaborator in one message.
 *
 * <p>Defaults: token TTL 30 minutes and 1 execution (as config {@code approval}); standing tokens use the
 * same TTL and 10 executions; nonce retention is assumed to be the default (30 min + 10 min buffer) unless
 * given; token ids are random UUIDs.
 *
 * <p>Not thread-safe; the engine it builds is.
 */
public final class ApprovalEngineBuilder {
    /** Default executions of a standing token ({@link SilasConfig.Approval#DEFAULT_STANDING_MAX_EXECUTIONS}). */
    public static final int DEFAULT_STANDING_MAX_EXECUTIONS = SilasConfig.Approval.DEFAULT_STANDING_MAX_EXECUTIONS;

    @Nullable SigningKeys keys;
    @Nullable NonceStore nonceStore;
    @Nullable AuditLog audit;
    @Nullable Clock clock;
    Duration ttl = NonceRetention.DEFAULT_MAX_TOKEN_TTL;
    int maxExecutions = 1;
    @Nullable Duration standingTtl;
    int standingMaxExecutions = DEFAULT_STANDING_MAX_EXECUTIONS;
    @Nullable Duration retentionTtl;
    IdGenerator tokenIds = IdGenerator.random();
    IdGenerator nonceSource = IdGenerator::randomHex128;
    @Nullable Executor signatureCheckExecutor;
    private final SetOnce setters = new SetOnce("ApprovalEngine builder");

    ApprovalEngineBuilder() {
    }

    /**
     * {@return the owner's key pair; tokens are signed with it and verified under its public key (required)}
     *
     * @param signingKeys the signing keys
     */
    public ApprovalEngineBuilder signingKeys(SigningKeys signingKeys) {
        setters.once("signing_keys");
        this.keys = signingKeys;
        return this;
    }

    /**
     * {@return where execution slots and nonces are recorded, domain {@code exec} (required)}
     *
     * @param store where token nonces are recorded; an execution is consumed there once
     */
    public ApprovalEngineBuilder nonceStore(NonceStore store) {
        setters.once("nonce_store");
        this.nonceStore = store;
        return this;
    }

    /**
     * {@return where issues, successes and denials are audited (required)}
     *
     * @param log the audit log that records issues, verifications and denials
     */
    public ApprovalEngineBuilder audit(AuditLog log) {
        setters.once("audit");
        this.audit = log;
        return this;
    }

    /**
     * {@return the clock for {@code issued_at}, expiry and nonce records (required)}
     *
     * @param c the clock that decides token expiry
     */
    public ApprovalEngineBuilder clock(Clock c) {
        setters.once("clock");
        this.clock = c;
        return this;
    }

    /**
     * Token TTL and single-use execution count from config {@code approval} (same as {@link #ttl} + {@link #maxExecutions}).
     *
     * @param approval approval tokens
     * @return the approval engine builder
     */
    public ApprovalEngineBuilder config(SilasConfig.Approval approval) {
        if (approval == null) {
            throw SilasException.invalid("approval", "must not be null");
        }
        return ttl(approval.defaultTtl()).maxExecutions(approval.maxExecutions());
    }

    /**
     * Lifetime of every non-standing token; default 30 minutes.
     *
     * @param value the new value
     * @return the approval engine builder
     */
    public ApprovalEngineBuilder ttl(Duration value) {
        setters.once("ttl");
        this.ttl = positive(value, "ttl");
        return this;
    }

    /**
     * {@code max_executions} of non-standing tokens; default 1.
     *
     * @param value the new value
     * @return the approval engine builder
     */
    public ApprovalEngineBuilder maxExecutions(int value) {
        setters.once("max_executions");
        this.maxExecutions = atLeastOne(value, "max_executions");
        return this;
    }

    /**
     * Lifetime of standing tokens; default the {@link #ttl}. Longer values need a matching {@link #nonceRetention}.
     *
     * @param value the new value
     * @return the approval engine builder
     */
    public ApprovalEngineBuilder standingTtl(Duration value) {
        setters.once("standing_ttl");
        this.standingTtl = positive(value, "standing_ttl");
        return this;
    }

    /**
     * {@code max_executions} of standing tokens; default {@value #DEFAULT_STANDING_MAX_EXECUTIONS}.
     *
     * @param value the new value
     * @return the approval engine builder
     */
    public ApprovalEngineBuilder standingMaxExecutions(int value) {
        setters.once("standing_max_executions");
        this.standingMaxExecutions = atLeastOne(value, "standing_max_executions");
        return this;
    }

    /**
     * {@return the nonce retention in force; {@link #build()} checks that it keeps records for the longest token TTL plus
     * the 10-minute buffer (otherwise a pruned slot could be claimed again by an old copy of a live token)} Default: the retention for a 30-minute TTL.
     *
     * @param retention the retention
     */
    public ApprovalEngineBuilder nonceRetention(NonceRetention retention) {
        setters.once("nonce_retention");
        if (retention == null) {
            throw SilasException.invalid("nonce_retention", "must not be null");
        }
        this.retentionTtl = retention.ttl();
        return this;
    }

    /**
     * Source of token ids (not signed; a storage label); default random UUIDs.
     *
     * @param ids the Stream's id source
     * @return the approval engine builder
     */
    public ApprovalEngineBuilder tokenIds(IdGenerator ids) {
        setters.once("token_ids");
        if (ids == null) {
            throw SilasException.invalid("token_ids", "must not be null");
        }
        this.tokenIds = ids;
        return this;
    }

    /**
     * {@return where a consuming verification checks the token's signature while the calling thread records the execution
     * claim (the claim's commit waits on the disk, the check on the CPU)} Only a verification that is the only one in
     * progress overlaps; concurrent ones, and any whose task the executor refuses, check first on their own thread.
     * Default: for a nonce store that {@linkplain NonceStore#waitsOnStorage() waits on storage}, a shared pool of
     * daemon threads ({@code silas-approval-signature}) that exist only while checks run; otherwise no overlap.
     *
     * @param executor the executor
     */
    public ApprovalEngineBuilder signatureCheckExecutor(Executor executor) {
        setters.once("signature_check_executor");
        if (executor == null) {
            throw SilasException.invalid("signature_check_executor", "must not be null");
        }
        this.signatureCheckExecutor = executor;
        return this;
    }

    /** Tests only: the source of token and execution nonces (default: 128-bit SecureRandom hex). */
    ApprovalEngineBuilder nonceSource(IdGenerator source) {
        setters.once("nonce_source");
        this.nonceSource = source;
        return this;
    }

    /**
     * Builds the engine.
     *
     * @return the approval engine
     * @throws SilasException {@code MISSING_COLLABORATOR} naming every missing collaborator;
     *     {@code CONFIG_INVALID} when the nonce retention does not cover the longest token TTL
     */
    public ApprovalEngine build() {
        RequiredParts.of("ApprovalEngine")
                .require(keys, "signing_keys")
                .require(nonceStore, "nonce_store")
                .require(audit, "audit")
                .require(clock, "clock")
                .check();
        Duration longest = standingTtl == null || standingTtl.compareTo(ttl) < 0 ? ttl : standingTtl;
        Duration retention = retentionTtl != null ? retentionTtl
                : NonceRetention.ttlFor(NonceRetention.DEFAULT_MAX_TOKEN_TTL);
        if (retention.compareTo(NonceRetention.ttlFor(longest)) < 0) {
            throw new SilasException(ErrorCode.CONFIG_INVALID, "nonce retention " + retention
                    + " is shorter than the longest approval token TTL " + longest + " plus "
                    + NonceRetention.SAFETY_BUFFER + ": execution records could be pruned while a token is live");
        }
        return new DefaultApprovalEngine(this);
    }

    /** The injected executor; else the shared pool for a store that waits on storage; else none (no overlap). */
    @Nullable Executor signatureCheckExecutorOrDefault() {
        if (signatureCheckExecutor != null) {
            return signatureCheckExecutor;
        }
        return java.util.Objects.requireNonNull(nonceStore).waitsOnStorage() ? SharedChecks.EXECUTOR : null;
    }

    /** The default signature-check executor, created on first use: idle threads end after a minute. */
    private static final class SharedChecks {
        static final Executor EXECUTOR = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "silas-approval-signature");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    Duration standingTtlOrDefault() {
        return standingTtl != null ? standingTtl : ttl;
    }


    private static Duration positive(Duration value, String field) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new SilasException(ErrorCode.CONFIG_INVALID, "approval " + field + " must be a positive duration");
        }
        return value;
    }

    private static int atLeastOne(int value, String field) {
        if (value < 1) {
            throw new SilasException(ErrorCode.CONFIG_INVALID, "approval " + field + " must be >= 1 but was " + value);
        }
        return value;
    }
}
