package io.silas.core.observe;

import org.jspecify.annotations.Nullable;

/** The counters the runtime reports, each with its meter name and its one tag key (or none). */
public enum SilasMeter {
    /**
     * Inbound messages by admission outcome: {@code admitted}, {@code busy}, {@code rate_limited},
     * {@code shutting_down}, {@code too_large}.
     */
    MESSAGES("silas.messages", ObservationKeys.OUTCOME),
    /** Owner-signed messages whose nonce was already used (classified external, audited {@code replay_rejected}). */
    NONCE_REPLAYS("silas.nonce.replays", null),
    /** Policy gate blocks, by gate name. */
    GATE_BLOCKS("silas.gate.blocks", ObservationKeys.GATE),
    /** Approval verifications by outcome (the check's reason: {@code valid}, {@code expired}, ...). */
    APPROVALS("silas.approvals", ObservationKeys.OUTCOME),
    /** Sandbox runs by how they terminated ({@code exited}, {@code timeout}, {@code memory_limit}, ...). */
    SANDBOX_TERMINATIONS("silas.sandbox.terminations", ObservationKeys.REASON),
    /** Entries appended to the audit log through an observed log. */
    AUDIT_APPENDS("silas.audit.appends", null),
    /**
     * Turns by how a drain left them: {@code finished}, {@code cancelled}, {@code declined} (cards resolved with
     * their safe default), {@code rejected} (messages refused while draining).
     */
    DRAIN_TURNS("silas.drain.turns", ObservationKeys.RESULT);

    private final String meterName;
    private final @Nullable String tagKey;

    SilasMeter(String meterName, @Nullable String tagKey) {
        this.meterName = meterName;
        this.tagKey = tagKey;
    }

    /**
     * The counter's name.
     *
     * @return e.g. {@code silas.messages}
     */
    public String meterName() {
        return meterName;
    }

    /**
     * The counter's one tag key.
     *
     * @return the key, or null for a counter without tags
     */
    public @Nullable String tagKey() {
        return tagKey;
    }
}
