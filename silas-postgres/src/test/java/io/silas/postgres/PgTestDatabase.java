package io.silas.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.silas.core.audit.AuditSeal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server of the test run, and a fresh schema per {@link #open}. The server is named by the system
 * property {@code silas.postgres.url} or the environment variable {@code SILAS_POSTGRES_URL} (a JDBC URL of a user
 * that may create schemas), else {@link #DEFAULT_URL}, the server {@code .ci/start-postgres} starts; when the server
 * does not answer, tests FAIL with a message saying how to start one: the PostgreSQL suites never skip.
 */
final class PgTestDatabase implements AutoCloseable {
    static final String PROPERTY = "silas.postgres.url";
    static final String ENV = "SILAS_POSTGRES_URL";
    /** Where {@code .ci/start-postgres} (run by {@code .ci/run}) serves a throw-away server. */
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5433/postgres?user=postgres";

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<String> schemas = new ArrayList<>();

    /** The server's JDBC URL: the property, else the environment, else {@link #DEFAULT_URL}. */
    static String serverUrl() {
        String url = System.getProperty(PROPERTY);
        if (url == null || url.isBlank() || url.startsWith("${")) {
            url = System.getenv(ENV);
        }
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    /** The server URL with {@code currentSchema} set. */
    static String urlFor(String schema) {
        String url = serverUrl();
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Creates an empty schema and returns its name. */
    String newSchema() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(serverUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new AssertionError("cannot reach the PostgreSQL server at " + serverUrl() + " (" + e.getMessage()
                    + "): start one with `export " + ENV + "=\"$(.ci/start-postgres)\"` or run .ci/run", e);
        }
        schemas.add(schema);
        return schema;
    }

    /** A small pool on the schema, closed with this fixture. */
    HikariDataSource dataSource(String schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(urlFor(schema));
        config.setMaximumPoolSize(8);
        HikariDataSource pool = new HikariDataSource(config);
        opened.add(pool);
        return pool;
    }

    /** Fresh stores on a fresh schema. */
    PostgresStores open(Clock clock) {
        return track(PostgresStores.open(dataSource(newSchema()), clock));
    }

    /** Fresh stores on a fresh schema with a sealed audit log. */
    PostgresStores open(Clock clock, AuditSeal seal) {
        return track(PostgresStores.builder().dataSource(dataSource(newSchema())).clock(clock).seal(seal).open());
    }

    PostgresStores track(PostgresStores stores) {
        opened.add(0, stores);
        return stores;
    }

    /** Runs SQL as the server's user on the schema (the database-writer actor of the threat model). */
    void sql(String schema, String sql) {
        try (Connection c = DriverManager.getConnection(urlFor(schema)); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("SQL failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Closes every store and pool, then drops the schemas. */
    @Override
    public void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        opened.clear();
        try (Connection c = DriverManager.getConnection(serverUrl()); Statement s = c.createStatement()) {
            for (String schema : schemas) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
        schemas.clear();
    }
}
