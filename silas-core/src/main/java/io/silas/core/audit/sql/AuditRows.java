package io.silas.core.audit.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.audit.AuditChain;
import io.silas.core.audit.AuditCheckpoint;
import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.ChainVerification;
import io.silas.core.audit.EntryHasher;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoding and chain-checking of audit rows. {@code data} is stored as canonical JSON and {@code at} as
 * {@link Instant#toString()}, so the hash is computed straight from the column text with {@link EntryHasher}.
 */
public final class AuditRows {
    /** The {@code audit_log} columns, in the order every method here reads them. */
    public static final String COLUMNS = "seq, id, at, event, data, prev_hash, hash";
    /** Selects the {@code audit_checkpoints} columns {@link #checkpoint} reads. */
    public static final String CHECKPOINTS = "SELECT seq, hash, at, signature FROM audit_checkpoints";

    private AuditRows() {
    }

    /**
     * Streams the rows (selecting {@link #COLUMNS}, ordered by seq) that follow the entry at {@code seq} with hash
     * {@code hash}, checking them with the rules of {@link AuditChain#verify}: consecutive seq, prev_hash link and
     * content hash. Reports the first bad position.
     *
     * @param rs the rs
     * @param seq the seq
     * @param hash the hash
     * @return the chain verification
     * @throws SQLException if the database fails
     */
    public static ChainVerification verify(ResultSet rs, long seq, String hash) throws SQLException {
        EntryHasher hasher = new EntryHasher();
        long checked = 0;
        long expected = seq + 1;
        String prev = hash;
        while (rs.next()) {
            long rowSeq = rs.getLong(1);
            if (rowSeq != expected) {
                return broken(checked, expected, "expected seq " + expected + " but found " + rowSeq
                        + " (entry missing, inserted or reordered)");
            }
            String prevHash = rs.getString(6);
            if (!prev.equals(prevHash)) {
                return broken(checked, expected, "prev_hash does not match the previous entry");
            }
            String rowHash = rs.getString(7);
            if (rowHash == null || !contentMatches(hasher, rs, rowSeq, prevHash, rowHash)) {
                return broken(checked, expected, "hash does not match the entry content (edited)");
            }
            prev = rowHash;
            expected++;
            checked++;
        }
        return new ChainVerification(true, checked, null, null);
    }

    private static boolean contentMatches(EntryHasher hasher, ResultSet rs, long seq, String prevHash, String hash)
            throws SQLException {
        String id = rs.getString(2);
        String at = rs.getString(3);
        String event = rs.getString(4);
        String data = rs.getString(5);
        if (id == null || at == null || event == null || data == null) {
            return false;
        }
        try {
            return hasher.hash(seq, id, at, event, data, prevHash).equals(hash);
        } catch (SilasException unencodable) {
            return false;
        }
    }

    private static ChainVerification broken(long checked, long atSeq, String reason) {
        return new ChainVerification(false, checked, atSeq, reason);
    }

    /**
     * {@return a checkpoint row (selected by {@link #CHECKPOINTS}); unreadable text columns become placeholders that fail}
     *
     * @param rs the rs
     * @throws SQLException if the database fails
     */
    public static AuditCheckpoint checkpoint(ResultSet rs) throws SQLException {
        String hash = rs.getString(2);
        Instant at;
        try {
            at = Instant.parse(rs.getString(3));
        } catch (RuntimeException e) {
            at = Instant.EPOCH;
        }
        return new AuditCheckpoint(rs.getLong(1), hash == null ? "" : hash, at, rs.getString(4));
    }

    /**
     * {@return every checkpoint row of {@code rs}, in result order}
     *
     * @param rs the rs
     * @throws SQLException if the database fails
     */
    public static List<AuditCheckpoint> checkpoints(ResultSet rs) throws SQLException {
        List<AuditCheckpoint> out = new ArrayList<>();
        while (rs.next()) {
            out.add(checkpoint(rs));
        }
        return out;
    }

    /**
     * Every entry of {@code rs} (selecting {@link #COLUMNS}).
     *
     * @param rs the rs
     * @return the list
     * @throws SilasException {@link ErrorCode#AUDIT_CHAIN_BROKEN} for a row that cannot be decoded
     * @throws SQLException if the database fails
     */
    public static List<AuditEntry> entries(ResultSet rs) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        while (rs.next()) {
            try {
                out.add(entry(rs));
            } catch (RuntimeException e) {
                throw new SilasException(ErrorCode.AUDIT_CHAIN_BROKEN,
                        "audit entry at seq " + rs.getLong(1) + " is unreadable: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        String at = rs.getString(3);
        String data = rs.getString(5);
        if (at == null || data == null) {
            throw new IllegalStateException("the row lacks its time or data");
        }
        return new AuditEntry(rs.getString(2), rs.getLong(1), Instant.parse(at), rs.getString(4), parseData(data),
                rs.getString(6), rs.getString(7));
    }

    /**
     * {@return the stored (canonical JSON) data column as a tree}
     *
     * @param json the JSON text
     */
    public static JsonNode parseData(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw Json.unwrap(e, "audit data");
        }
    }
}
