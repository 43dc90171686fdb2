package io.silas.execution;

import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalStrength;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.approval.ApprovalVerdict;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.connection.SetupCardPresenter;
import io.silas.core.connection.SetupStep;
import io.silas.core.connection.SetupStepResponse;
import io.silas.core.trust.SecretValue;
import io.silas.core.trust.SigningKeys;
import io.silas.core.work.PlanHashes;
import io.silas.core.work.WorkItem;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scripted user behind the setup cards. */
final class ConnectionTestSupport {
    private ConnectionTestSupport() {
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
