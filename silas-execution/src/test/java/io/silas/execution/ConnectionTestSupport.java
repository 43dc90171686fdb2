package io.silas.execution;

import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalStrength;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.approval.ApprovalVerdict;
import io.silas.core.approval.PlanHashes;
import io.silas.core.connection.ConnectionApprovals;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.connection.SetupCardPresenter;
import io.silas.core.connection.SetupStep;
import io.silas.core.connection.SetupStepResponse;
import io.silas.core.json.CanonicalJson;
import io.silas.core.trust.SecretValue;
import io.silas.core.trust.SigningKeys;
import io.silas.core.work.WorkItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Owner-signed connection approvals with real Ed25519 keys, and a scripted user behind the setup cards. */
final class ConnectionTestSupport {
    private ConnectionTestSupport() {
    }

    /** Signs {@code connection_manage} tokens with the owner key. */
    static ApprovalToken sign(SigningKeys owner, WorkItem item, ApprovalScope scope, Instant now) {
        ApprovalToken unsigned = new ApprovalToken("tok-" + item.id() + "-" + scope.name(), PlanHashes.planHash(item),
                item.id(), scope, ApprovalVerdict.APPROVED, "nonce-" + System.nanoTime(), ApprovalStrength.TAP, now,
                now.plus(Duration.ofMinutes(30)), 1, Map.of(), null, 0, List.of());
        return unsigned.withSignature(owner.sign(CanonicalJson.bytes(unsigned.signedPayload())));
    }

    /**
     * A verifier with the approval engine's rules for a single-use token (signature under the owner key, verdict,
     * plan-hash and work-item binding, expiry, single use), until the engine is on this branch.
     */
    static ConnectionApprovals verifier(byte[] ownerPublicKey, Clock clock) {
        Set<String> used = ConcurrentHashMap.newKeySet();
        return (token, item) -> SigningKeys.verify(ownerPublicKey, CanonicalJson.bytes(token.signedPayload()),
                token.signature())
                && token.verdict() == ApprovalVerdict.APPROVED
                && token.workItemId().equals(item.id())
                && token.planHash().equals(PlanHashes.planHash(item))
                && !token.expiredAt(clock.instant())
                && used.add(token.nonce());
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
