package io.silas.bench;

import com.google.crypto.tink.ConfigurationV0;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;

import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.util.Bytes;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.json.CanonicalJson;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.Budget;
import io.silas.core.work.WorkItem;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * The anchor of the approval benchmarks: raw Tink Ed25519 sign + verify of the canonical signed payload of a real
 * token for {@link #TASK}, with the engine's keys, so every approval rate is compared with the same raw work.
 */
final class RawSignVerify {
    /** The task every approval benchmark issues and verifies tokens for. */
    static final WorkItem TASK = WorkItem.builder("task-fix-tz-bug", WorkItemType.TASK, "Fix timezone bug")
            .body("# Context\nThe shift export uses local time; convert to UTC and add a test.\n")
            .budget(new Budget(100_000, 1.5, 600, 4, 2)).skills(List.of("coding", "git")).build();

    private final SigningKeys keys;
    private final PublicKeyVerify verifier;
    private final byte[] payload;

    /** The anchor for {@code engine}, which signs with {@code keys}. */
    RawSignVerify(SigningKeys keys, ApprovalEngine engine) throws GeneralSecurityException {
        this.keys = keys;
        Ed25519PublicKey publicKey = Ed25519PublicKey.create(Ed25519Parameters.Variant.NO_PREFIX,
                Bytes.copyFrom(keys.publicKey()), null);
        this.verifier = KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(publicKey).withRandomId().makePrimary()).build()
                .getPrimitive(ConfigurationV0.get(), PublicKeyVerify.class);
        this.payload = CanonicalJson.bytes(engine.issue(TASK, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN)
                .signedPayload());
    }

    /** One raw sign + verify; returns the signature. */
    byte[] run() throws GeneralSecurityException {
        byte[] signature = keys.sign(payload);
        verifier.verify(signature, payload);
        return signature;
    }
}
