package io.silas.core.audit;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Signs audit checkpoints and keeps them outside the database, so that the log's tamper evidence reaches its end:
 * an {@link AuditLog} given a seal signs every checkpoint with its own Ed25519 key (kept in the {@link SecretStore}
 * like the owner's signing key), writes it to an {@link AuditAnchor} as well as to the log, and takes one on its own
 * every {@link #anchorEvery()} entries. {@code verifyChain} / {@code verifyFromCheckpoint} then fail when the chain
 * does not reach the newest anchored checkpoint, when any stored checkpoint's signature is wrong, or when the log has
 * fewer entries than the same log object has already appended.
 *
 * <p><b>Window.</b> Entries after the newest anchor are only as safe as the anchor interval: someone who can write
 * the database but not the key store or the anchor may remove up to {@code anchorEvery - 1} trailing entries (plus
 * those appended since the last explicit {@link AuditLog#checkpoint()}) without detection by a fresh process; the
 * process that appended them detects it too. Take a checkpoint at each point that must be provable (the Stream does
 * at shutdown) or lower the interval.
 *
 * <p><b>Security guarantees.</b> The private key never leaves its {@link SigningKeys} (never in the database, the
 * anchor, logs or exceptions); what is signed is {@code "silas.audit.checkpoint.v1\n" + seq + "\n" + hash + "\n" +
 * at}, so a signature cannot be moved to another position or time. Immutable and thread-safe.
 */
public final class AuditSeal {
    /** The secret-store ref of the checkpoint signing key used by {@link #loadOrCreate}. */
    public static final String DEFAULT_KEY_REF = "audit-checkpoint-key";
    /** Entries between automatic anchored checkpoints by default. */
    public static final int DEFAULT_ANCHOR_EVERY = 100;

    private static final String DOMAIN = "silas.audit.checkpoint.v1\n";

    private final SigningKeys keys;
    private final byte[] publicKey;
    private final AuditAnchor anchor;
    private final int anchorEvery;

    private AuditSeal(SigningKeys keys, AuditAnchor anchor, int anchorEvery) {
        if (keys == null || anchor == null) {
            throw SilasException.invalid("audit_seal", "keys and anchor are required");
        }
        if (anchorEvery < 1) {
            throw SilasException.invalid("anchor_every", "must be >= 1");
        }
        this.keys = keys;
        this.publicKey = keys.publicKey();
        this.anchor = anchor;
        this.anchorEvery = anchorEvery;
    }

    /**
     * {@return a seal with the key stored under {@link #DEFAULT_KEY_REF} in {@code secrets} (created on first use) and an
     * automatic checkpoint every {@link #DEFAULT_ANCHOR_EVERY} entries}
     *
     * @param secrets the secrets
     * @param anchor the anchor
     */
    public static AuditSeal loadOrCreate(SecretStore secrets, AuditAnchor anchor) {
        return of(SigningKeys.loadOrCreate(secrets, DEFAULT_KEY_REF), anchor, DEFAULT_ANCHOR_EVERY);
    }

    /**
     * {@return a seal with the given key, anchor and automatic checkpoint interval (entries, {@code >= 1})}
     *
     * @param keys the keys
     * @param anchor the anchor
     * @param anchorEvery the anchor every
     */
    public static AuditSeal of(SigningKeys keys, AuditAnchor anchor, int anchorEvery) {
        return new AuditSeal(keys, anchor, anchorEvery);
    }

    /**
     * {@return this seal with another automatic checkpoint interval}
     *
     * @param entries the entries
     */
    public AuditSeal withAnchorEvery(int entries) {
        return new AuditSeal(keys, anchor, entries);
    }

    /**
     * Entries between automatic anchored checkpoints.
     *
     * @return the int
     */
    public int anchorEvery() {
        return anchorEvery;
    }

    /**
     * {@return whether an append that produced {@code seq} should be followed by an automatic checkpoint}
     *
     * @param seq the seq
     */
    public boolean due(long seq) {
        return seq % anchorEvery == 0;
    }

    /**
     * {@return the checkpoint with this seal's signature}
     *
     * @param seq the seq
     * @param hash the hash
     * @param at when it happened (executor clock)
     */
    public AuditCheckpoint sign(long seq, String hash, Instant at) {
        byte[] signature = keys.sign(signedBytes(seq, hash, at));
        return new AuditCheckpoint(seq, hash, at, Base64.getEncoder().encodeToString(signature));
    }

    /**
     * {@return whether the checkpoint carries a valid signature of this seal's key} Never throws.
     *
     * @param cp the cp
     */
    public boolean signatureValid(AuditCheckpoint cp) {
        if (cp == null || cp.signature() == null || cp.hash() == null || cp.at() == null) {
            return false;
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(cp.signature());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return SigningKeys.verify(publicKey, signedBytes(cp.seq(), cp.hash(), cp.at()), signature);
    }

    /**
     * Writes a signed checkpoint to the anchor.
     *
     * @param signed the signed
     */
    public void anchor(AuditCheckpoint signed) {
        anchor.append(signed);
    }

    /**
     * Checks the stored checkpoints and the newest anchor against a chain that verified from its start up to
     * {@code headSeq}: every signed stored checkpoint must verify and every stored checkpoint must still match its
     * entry; the newest anchor must verify, be reached by the chain and match its entry.
     *
     * @param headSeq the sequence number of the last entry ({@code 0} when empty)
     * @param checked entries checked so far (reported back)
     * @param hashAt  the stored hash of the entry at a sequence number, or {@code null} if there is none
     * @param stored  the checkpoints stored in the log, in any order
     * @return the chain verification
     */
    public ChainVerification verifyAnchors(long headSeq, long checked, LongFunction<String> hashAt,
                                           List<AuditCheckpoint> stored) {
        for (AuditCheckpoint cp : stored) {
            if (cp.signed() && !signatureValid(cp)) {
                return ChainVerification.broken(checked, cp.seq(),
                        "a stored checkpoint's signature is wrong (forged or edited checkpoint)");
            }
            if (cp.seq() > 0 && !cp.hash().equals(hashAt.apply(cp.seq()))) {
                return ChainVerification.broken(checked, cp.seq(),
                        "the checkpointed entry is missing or changed (log truncated?)");
            }
        }
        Optional<AuditCheckpoint> newest;
        try {
            newest = anchor.newest();
        } catch (SilasException e) {
            return ChainVerification.broken(checked, headSeq + 1, e.getMessage());
        }
        if (newest.isEmpty()) {
            return ChainVerification.ok(checked);
        }
        AuditCheckpoint anchored = newest.get();
        if (!signatureValid(anchored)) {
            return ChainVerification.broken(checked, anchored.seq(), "the newest anchored checkpoint's signature is wrong");
        }
        if (anchored.seq() > headSeq || anchored.seq() > 0 && !anchored.hash().equals(hashAt.apply(anchored.seq()))) {
            return ChainVerification.broken(checked, Math.min(anchored.seq(), headSeq + 1),
                    "the log does not reach the newest anchored checkpoint at seq " + anchored.seq()
                            + " (truncated or rewritten)");
        }
        return ChainVerification.ok(checked);
    }

    /**
     * The newest trusted starting point for {@code verifyFromCheckpoint}: the newest anchored checkpoint or, if
     * newer, the newest stored one. Empty when neither exists. The caller still checks that the log holds the
     * returned checkpoint's entry.
     *
     * @param newestStored the newest stored
     * @return the result, if any
     * @throws SilasException {@code AUDIT_CHAIN_BROKEN} when the anchor is unreadable or either checkpoint's
     *     signature is wrong
     */
    public Optional<AuditCheckpoint> newestTrusted(Optional<AuditCheckpoint> newestStored) {
        Optional<AuditCheckpoint> anchored = anchor.newest();
        if (anchored.isPresent() && !signatureValid(anchored.get())) {
            throw new SilasException(ErrorCode.AUDIT_CHAIN_BROKEN, "the newest anchored checkpoint's signature is wrong");
        }
        Optional<AuditCheckpoint> stored = newestStored.filter(AuditCheckpoint::signed);
        if (stored.isPresent() && !signatureValid(stored.get())) {
            throw new SilasException(ErrorCode.AUDIT_CHAIN_BROKEN,
                    "a stored checkpoint's signature is wrong (forged or edited checkpoint)");
        }
        if (stored.isPresent() && (anchored.isEmpty() || stored.get().seq() > anchored.get().seq())) {
            return stored;
        }
        return anchored;
    }

    private static byte[] signedBytes(long seq, String hash, Instant at) {
        return (DOMAIN + seq + "\n" + hash + "\n" + at).getBytes(StandardCharsets.UTF_8);
    }

    /** Shows the key fingerprint only. */
    @Override
    public String toString() {
        return "AuditSeal[" + keys.fingerprint() + ", every " + anchorEvery + "]";
    }
}
