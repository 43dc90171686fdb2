package io.silas.execution.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.work.WorkItemStore;
import io.silas.core.work.WorkProgressListener;
import io.silas.core.work.WorkServices;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wiring mistakes in the work executor's builder fail at startup with a configuration code naming the part. */
class WorkExecutionBuilderTest {
    private final AuditLog audit = AuditLog.inMemory(Clock.systemUTC());

    @Test
    void setterCalledTwice_isConfigInvalidNamingIt() {
        assertThatThrownBy(() -> WorkExecution.builder().audit(audit).audit(audit))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("audit set twice");
    }

    @Test
    void build_namesEveryMissingCollaborator() {
        assertThatThrownBy(() -> WorkExecution.builder().audit(audit).build())
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code())
                                .isEqualTo(ErrorCode.MISSING_COLLABORATOR))
                .hasMessageContaining("approvals, store, gates, executors, verification, artifacts_dir");
    }

    @Test
    void create_refusesSharedPartsTheHostSetAsWell() {
        Clock clock = Clock.systemUTC();
        WorkServices shared = new WorkServices(audit, clock, IdGenerator.random(),
                ApprovalEngine.builder().signingKeys(SigningKeys.generate()).nonceStore(NonceStore.inMemory())
                        .audit(audit).clock(clock).build(),
                () -> {
                    throw new AssertionError("never opened");
                }, List.of(), WorkItemStore.inMemory(), WorkProgressListener.none());

        assertThatThrownBy(() -> WorkExecution.builder().audit(audit).clock(clock).create(shared))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("audit, clock");
    }
}
