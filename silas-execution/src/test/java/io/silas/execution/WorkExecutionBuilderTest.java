package io.silas.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.time.Clock;
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
                .hasMessageContaining("approvals, store, executors, verification, gates, artifacts_dir");
    }
}
