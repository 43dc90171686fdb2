package io.silas.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import org.junit.jupiter.api.Test;

/** Wiring mistakes in the connection manager's builder fail at startup with a code and the part they concern. */
class ConnectionManagerBuilderTest {
    @Test
    void setterCalledTwice_isConfigInvalidNamingIt() {
        ConnectionRegistry registry = ConnectionRegistry.inMemory();
        assertThatThrownBy(() -> ConnectionManager.builder().registry(registry).registry(registry))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("registry set twice");
    }

    @Test
    void build_namesEveryMissingCollaborator() {
        assertThatThrownBy(() -> ConnectionManager.builder().registry(ConnectionRegistry.inMemory()).build())
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_COLLABORATOR))
                .hasMessageContaining("skills, secure_input, approvals, audit");
    }

    @Test
    void nullCollaborator_isInvalidInputNamingIt() {
        assertThatThrownBy(() -> ConnectionManager.builder().registry(null))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("registry");
    }
}
