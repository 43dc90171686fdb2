package io.silas.postgres;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Applies the schema with Flyway: the numbered scripts under {@code io/silas/postgres/migrations}, recorded with
 * their checksums in {@code silas_schema_history} in the connection's current schema. Flyway validates the recorded
 * checksums before migrating (a changed script or a newer database refuses to open) and holds a PostgreSQL advisory
 * lock while it migrates, so several JVMs starting at once migrate exactly once.
 */
final class PgSchema {
    static final String HISTORY_TABLE = "silas_schema_history";

    private PgSchema() {
    }

    /** Migrates to the newest schema; returns the number of applied migrations. */
    static int migrate(DataSource dataSource) {
        try {
            Flyway flyway = flyway(dataSource);
            flyway.migrate();
            return flyway.info().applied().length;
        } catch (FlywayException e) {
            throw new SilasException(ErrorCode.DB_MIGRATION_MISMATCH, "PostgreSQL schema: " + e.getMessage(), e);
        }
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure(PgSchema.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:io/silas/postgres/migrations")
                .table(HISTORY_TABLE)
                .validateMigrationNaming(true)
                .ignoreMigrationPatterns(new String[0])
                .load();
    }
}
