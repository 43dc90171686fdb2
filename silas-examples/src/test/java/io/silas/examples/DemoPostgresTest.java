package io.silas.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with {@code --postgres}: the same scripted story on a real PostgreSQL server (SILAS_POSTGRES_URL, a fresh
 * schema), run twice so that the second JVM-like run rehydrates from the database.
 */
class DemoPostgresTest {
    @TempDir
    Path tmp;

    private String server;
    private String schema;

    @BeforeEach
    void schema() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        server = TestPostgres.url();
        schema = "demo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void drop() throws Exception {
        try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void run_twiceOnPostgres_rehydratesFromTheDatabaseAndKeepsChainIntact() throws Exception {
        String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        assertThat(demo(url, new ByteArrayOutputStream()).run()).isTrue();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        boolean ok = demo(url, bytes).run();

        String transcript = bytes.toString(StandardCharsets.UTF_8);
        assertThat(ok).as(transcript).isTrue();
        assertThat(transcript).contains("PostgreSQL stores (node default)")
                .contains("1 known scope(s)")
                .contains("[turn 5]")
                .contains("hash chain intact");
        assertThat(tmp.resolve("data/silas.db")).doesNotExist();
    }

    private Demo demo(String url, ByteArrayOutputStream sink) {
        return new Demo(tmp.resolve("data"), tmp.resolve("keys/master.key"),
                new PrintStream(sink, true, StandardCharsets.UTF_8), Clock.systemUTC(), url);
    }
}
