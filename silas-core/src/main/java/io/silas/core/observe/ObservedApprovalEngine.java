package io.silas.core.observe;

import io.silas.core.approval.ApprovalCheck;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalSubject;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.approval.PlanSubject;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An approval engine whose issues and verifications are timed and whose verification outcomes are counted; every
 * decision is the wrapped engine's.
 */
final class ObservedApprovalEngine implements ApprovalEngine {
    private final ApprovalEngine engine;
    private final SilasObserver observer;

    ObservedApprovalEngine(ApprovalEngine engine, SilasObserver observer) {
        this.engine = engine;
        this.observer = observer;
    }

    @Override
    public ApprovalToken issue(ApprovalSubject subject, ApprovalDecision decision, ApprovalScope scope) {
        try (OperationScope op = observer.start(Operation.APPROVAL_ISSUE)) {
            op.tag(ObservationKeys.APPROVAL_SCOPE, Observers.word(scope));
            try {
                ApprovalToken token = engine.issue(subject, decision, scope);
                op.tag(ObservationKeys.OUTCOME, "issued");
                return token;
            } catch (RuntimeException | Error e) {
                op.error(e);
                throw e;
            }
        }
    }

    @Override
    public ApprovalCheck verify(ApprovalToken token, ApprovalSubject subject) {
        return observed(() -> engine.verify(token, subject));
    }

    @Override
    public ApprovalCheck verify(ApprovalToken token, PlanSubject item, @Nullable PlanSubject spawnedTask) {
        return observed(() -> engine.verify(token, item, spawnedTask));
    }

    @Override
    public ApprovalCheck check(ApprovalToken token, ApprovalSubject subject) {
        return observed(() -> engine.check(token, subject));
    }

    @Override
    public ApprovalCheck enter(ApprovalToken token, PlanSubject item) {
        return observed(() -> engine.enter(token, item));
    }

    private ApprovalCheck observed(Supplier<ApprovalCheck> verification) {
        try (OperationScope op = observer.start(Operation.APPROVAL_VERIFY)) {
            try {
                ApprovalCheck check = verification.get();
                String outcome = check.reason().wire();
                op.tag(ObservationKeys.OUTCOME, outcome);
                observer.count(SilasMeter.APPROVALS, outcome);
                return check;
            } catch (RuntimeException | Error e) {
                op.error(e);
                observer.count(SilasMeter.APPROVALS, "error");
                throw e;
            }
        }
    }
}
