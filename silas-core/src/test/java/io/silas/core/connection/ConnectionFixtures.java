package io.silas.core.connection;

import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalStrength;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.approval.ApprovalVerdict;
import io.silas.core.work.PlanHashes;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.json.CanonicalJson;
import io.silas.core.trust.SigningKeys;
import io.silas.core.work.WorkItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixtures for connection-manager tests that run no script: forged tokens (signed with a stranger's real Ed25519
 * key) and a sandbox manager that refuses and counts, proving that nothing was spawned. Tests that run skill scripts
 * in real sandboxes are the {@code Connection*IT} classes of silas-execution.
 */
final class ConnectionFixtures {
    private ConnectionFixtures() {
    }

    /** Signs a token with a key the engine does not trust (a forgery). */
    static ApprovalToken forge(SigningKeys stranger, WorkItem item, Instant now) {
        ApprovalToken unsigned = new ApprovalToken("tok-forged", PlanHashes.planHash(item), item.id(),
                ApprovalScope.CONNECTION_MANAGE, ApprovalVerdict.APPROVED, "nonce-forged", ApprovalStrength.TAP, now,
                now.plus(Duration.ofMinutes(30)), 1, Map.of(), null, 0, List.of());
        return unsigned.withSignature(stranger.sign(CanonicalJson.bytes(unsigned.signedPayload())));
    }

    /** Refuses every sandbox (as a host without isolation would) and counts the attempts. */
    static final class RefusingSandboxes implements SandboxManager {
        final AtomicInteger created = new AtomicInteger();

        @Override
        public Sandbox create(SandboxConfig config) {
            created.incrementAndGet();
            throw new SilasException(ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE, "no sandbox in a unit test");
        }
    }
}
