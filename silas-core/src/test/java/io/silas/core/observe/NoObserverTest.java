package io.silas.core.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditLog;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * Without {@code silas-micrometer} nothing is recorded and nothing is needed: Micrometer is not on silas-core's
 * classpath (so every Stream test of this module runs without it), the default observer allocates nothing per
 * operation, and wrapping with it hands back the very same objects.
 */
class NoObserverTest {
    @Test
    void micrometerIsNotOnCoresClasspath() {
        assertThatThrownBy(() -> Class.forName("io.micrometer.observation.ObservationRegistry"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void none_sharesOneScopeForEveryOperation() {
        SilasObserver none = SilasObserver.none();
        try (OperationScope a = none.start(Operation.TURN); OperationScope b = none.start(Operation.GATE_CHECK)) {
            assertThat(a).isSameAs(b);
            assertThat(a.tag(ObservationKeys.LANE, "input").id(ObservationKeys.TURN_ID, "1")
                    .error(new IllegalStateException())).isSameAs(a);
        }
    }

    @Test
    void wrappingWithNone_returnsTheSameObjects() {
        AuditLog audit = AuditLog.inMemory(Clock.systemUTC());
        ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                .nonceStore(NonceStore.inMemory()).audit(audit).clock(Clock.systemUTC()).build();
        assertThat(Observers.audit(audit, SilasObserver.none())).isSameAs(audit);
        assertThat(Observers.approvals(approvals, SilasObserver.none())).isSameAs(approvals);
        audit.append("x");
        assertThat(audit.size()).isEqualTo(1);
    }
}
