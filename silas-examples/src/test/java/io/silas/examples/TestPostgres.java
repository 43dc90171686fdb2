package io.silas.examples;

/** The PostgreSQL server of the example tests: {@code SILAS_POSTGRES_URL}, else the one {@code .ci/start-postgres} starts. */
public final class TestPostgres {
    /** Where {@code .ci/start-postgres} (run by {@code .ci/run}) serves a throw-away server. */
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5433/postgres?user=postgres";

    private TestPostgres() {
    }

    /** The server's JDBC URL; a test that cannot reach it fails, never skips. */
    public static String url() {
        String url = System.getenv("SILAS_POSTGRES_URL");
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }
}
