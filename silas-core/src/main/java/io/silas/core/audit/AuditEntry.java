package io.silas.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.time.Instant;

/**
 * One link of the audit hash chain. {@code hash = SHA-256(prev_hash + canonical(entry without hash))};
 * see {@link AuditChain}. The {@code data} tree is copied on construction and must not be mutated.
 */
public record AuditEntry(String id, long seq, Instant at, String event, JsonNode data, String prevHash, String hash) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param id       the id
     * @param seq      the seq
     * @param at       when it happened (executor clock)
     * @param event    the event
     * @param data     the data
     * @param prevHash the prev hash
     * @param hash     the hash
     */
    public AuditEntry {
        if (id == null || id.isBlank()) {
            throw SilasException.invalid("id", "must not be blank");
        }
        if (seq < 1) {
            throw SilasException.invalid("seq", "must be >= 1");
        }
        if (at == null) {
            throw SilasException.invalid("at", "must not be null");
        }
        if (event == null || event.isBlank()) {
            throw SilasException.invalid("event", "must not be blank");
        }
        data = data == null ? Json.mapper().createObjectNode() : data.deepCopy();
        if (!data.isObject()) {
            throw SilasException.invalid("data", "must be a JSON object");
        }
        if (prevHash == null || hash == null) {
            throw SilasException.invalid("hash", "prev_hash and hash are required");
        }
    }

    /** {@return the part of the entry covered by {@link #hash()}} */
    public ObjectNode withoutHash() {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("id", id);
        node.put("seq", seq);
        node.put("at", at.toString());
        node.put("event", event);
        node.set("data", data.deepCopy());
        node.put("prev_hash", prevHash);
        return node;
    }
}
