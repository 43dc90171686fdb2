package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.sqlite.SqliteStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process per {@code silas.db}: a real second JVM ({@link LockHolderChild}) holds the database; this process is
 * refused read-write ({@code STORE_LOCKED} naming the child's pid) but may still open it read-only to verify the
 * audit chain; once the child is ended (by its pid), the file opens normally.
 */
class StoreSingleProcessIT {
    @TempDir
    Path tmp;

    private ProcessHandle child;

    @AfterEach
    void tearDown() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void secondProcess_refusedWithStoreLockedNamingHolder_readOnlyVerifyStillWorks_freeAfterHolderEnds()
            throws Exception {
        Path db = tmp.resolve("silas.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolderChild.class.getName(), db.toString()).redirectErrorStream(true).start();
        child = process.toHandle();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("OPEN ")) {
            // skip the child's log lines
        }
        assertThat(line).isEqualTo("OPEN " + child.pid());

        assertThatThrownBy(() -> SqliteStores.open(db, Clock.systemUTC()))
                .isInstanceOfSatisfying(SilasException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_LOCKED);
                    assertThat(e.getMessage()).contains("process " + child.pid());
                });
        try (SqliteStores readOnly = SqliteStores.openReadOnly(db, Clock.systemUTC())) {
            assertThat(readOnly.auditLog().verifyChain().valid()).isTrue();
            assertThatThrownBy(() -> readOnly.auditLog().append("intruder", Map.of()))
                    .isInstanceOf(SilasException.class);
        }

        ProcessHandle.of(child.pid()).ifPresent(ProcessHandle::destroyForcibly);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        try (SqliteStores stores = SqliteStores.open(db, Clock.systemUTC())) {
            assertThat(stores.auditLog().verifyChain().valid()).isTrue();
        }
    }

    @Test
    void secondBundleInOneProcess_refused_freeAfterClose() {
        Path db = tmp.resolve("silas.db");
        try (SqliteStores first = SqliteStores.open(db, Clock.systemUTC())) {
            assertThatThrownBy(() -> SqliteStores.open(db, Clock.systemUTC()))
                    .isInstanceOfSatisfying(SilasException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_LOCKED));
        }
        SqliteStores.open(db, Clock.systemUTC()).close();
    }
}
