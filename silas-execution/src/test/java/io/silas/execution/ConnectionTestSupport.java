package io.silas.execution;

import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalStrength;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.approval.ApprovalVerdict;
import io.silas.core.approval.PlanHashes;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.connection.SetupCardPresenter;
import io.silas.core.connection.SetupStep;
import io.silas.core.connection.SetupStepResponse;
import io.silas.core.json.CanonicalJson;
import io.silas.core.trust.SecretValue;
import io.silas.core.trust.SigningKeys;
import io.silas.core.work.WorkItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Forged approval tokens (signed with a stranger's real Ed25519 key), and a scripted user behind the setup cards. */
final class ConnectionTestSupport {
    private ConnectionTestSupport() {
    }

    /** Signs a token with a key the engine does not trust (a forgery). */
    static ApprovalToken forge(SigningKeys stranger, WorkItem item, Instant now) {
        ApprovalToken unsigned = new ApprovalToken("tok-forged", PlanHashes.planHash(item), item.id(),
                ApprovalScope.CONNECTION_MANAGE, ApprovalVerdict.APPROVED, "nonce-forged", ApprovalStrength.TAP, now,
                now.plus(Duration.ofMinutes(30)), 1, Map.of(), null, 0, List.of());
        return unsigned.withSignature(stranger.sign(CanonicalJson.bytes(unsigned.signedPayload())));
    }

    /** The user: answers each interactive card from a queue; on a secure-input card first submits the secret. */
    static final class ScriptedUser implements SetupCardPresenter {
        final List<SetupStep> presented = new CopyOnWriteArrayList<>();
        final List<SetupStep> shown = new CopyOnWriteArrayList<>();
        private final Deque<SetupStepResponse.Action> answers;
        private final SecureInputRegistry registry;
        private final String secret;

        ScriptedUser(SecureInputRegistry registry, String secret, SetupStepResponse.Action... answers) {
            this.registry = registry;
            this.secret = secret;
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public SetupStepResponse present(String scopeId, SetupStep step, Duration timeout) {
            presented.add(step);
            if (step instanceof SetupStep.SecureInput si) {
                try (SecretValue value = SecretValue.copyOf(secret.toCharArray())) {
                    registry.submit(si.request().refId(), value);
                }
            }
            SetupStepResponse.Action action = answers.isEmpty() ? SetupStepResponse.Action.CANCEL : answers.poll();
            return new SetupStepResponse(step.stepType(), action);
        }

        @Override
        public void show(String scopeId, SetupStep step) {
            shown.add(step);
        }
    }
}
