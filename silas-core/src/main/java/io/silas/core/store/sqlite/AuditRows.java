package io.silas.core.store.sqlite;

import io.silas.core.audit.AuditEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * Lazily turns {@code audit_log} rows into {@link AuditEntry} values, one row in memory at a time. A row
 * that cannot be decoded (a damaged timestamp or data column) ends the iteration and is reported through
 * {@link #unreadable()}, so verification reports it as a broken position instead of failing outright.
 */
final class AuditRows implements Iterator<AuditEntry> {
    private final ResultSet rs;
    private @Nullable AuditEntry next;
    private @Nullable String unreadable;
    private boolean done;

    AuditRows(ResultSet rs) {
        this.rs = rs;
    }

    /** Why the row after the last returned entry could not be read, or null. */
    @Nullable String unreadable() {
        return unreadable;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        try {
            if (!rs.next()) {
                done = true;
                return false;
            }
            next = entry(rs);
            return true;
        } catch (SQLException e) {
            throw new SqlFailure(e);
        } catch (RuntimeException e) {
            done = true;
            unreadable = e.getMessage();
            return false;
        }
    }

    @Override
    public AuditEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        AuditEntry entry = next;
        next = null;
        return entry;
    }

    /** Decodes the current row of a result set selecting {@code seq, id, at, event, data, prev_hash, hash}. */
    static AuditEntry entry(ResultSet rs) throws SQLException {
        String at = rs.getString(3);
        String data = rs.getString(5);
        if (at == null || data == null) {
            throw new IllegalStateException("seq " + rs.getLong(1) + " lacks its time or data");
        }
        return new AuditEntry(rs.getString(2), rs.getLong(1), Instant.parse(at), rs.getString(4),
                SqliteAuditLog.parse(data), rs.getString(6), rs.getString(7));
    }
}
