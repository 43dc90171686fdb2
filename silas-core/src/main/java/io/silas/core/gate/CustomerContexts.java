package io.silas.core.gate;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.config.SilasConfig;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.path.ConfinedPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a customer's context (docs/contracts.md#access-levels) from {@code <dir>/<customer_id>.json}, a
 * JSON object, where {@code dir} is the configured {@code sandbox.customer_context_dir} inside
 * {@code data_dir}. Never from {@code /tmp} or the verification directory.
 *
 * <p>A missing file yields an empty context. A file that is not a JSON object, larger than
 * {@value #MAX_BYTES} bytes, or that resolves (through symbolic links) outside the directory also yields an
 * empty context and a warning, so a bad file never fails a turn. Thread-safe and stateless.
 *
 * <p><b>Security guarantees:</b> customer ids must match {@code [A-Za-z0-9_-]{1,128}}, so an id can never name
 * a path outside the directory; the file is read through {@link ConfinedPaths#read}: never through a symbolic link
 * that leaves the directory, never a FIFO or device, and a link swapped in after the check fails the read.
 */
public final class CustomerContexts {
    /** Largest context file read. */
    public static final int MAX_BYTES = 64 * 1024;
    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Logger LOG = LoggerFactory.getLogger(CustomerContexts.class);

    private final @Nullable Path dir;

    private CustomerContexts(@Nullable Path dir) {
        this.dir = dir;
    }

    /**
     * No customer context: every load is empty.
     *
     * @return the customer contexts
     */
    public static CustomerContexts none() {
        return new CustomerContexts(null);
    }

    /**
     * {@return the configured {@code sandbox.customer_context_dir} (validated inside {@code data_dir} by config)}
     *
     * @param config the configuration
     */
    public static CustomerContexts of(SilasConfig config) {
        return in(config.dataDir(), config.sandbox().customerContextDir());
    }

    /**
     * Contexts in {@code dir}, which must lie inside {@code dataDir}.
     *
     * @param dataDir the data directory ({@code ./data}); holds {@code silas.db}
     * @param dir the dir
     * @return the customer contexts
     * @throws SilasException {@code INVALID_INPUT} ({@code customer_context_dir}) when it does not
     */
    public static CustomerContexts in(Path dataDir, Path dir) {
        Path data = dataDir.toAbsolutePath().normalize();
        Path customers = dir.toAbsolutePath().normalize();
        if (!customers.startsWith(data) || customers.equals(data)) {
            throw SilasException.invalid("customer_context_dir", "must lie inside data_dir");
        }
        return new CustomerContexts(customers);
    }

    /**
     * The customer's context object, keys in file order; empty when there is none or it is unusable.
     *
     * @param customerId the customer id
     * @return the json node>
     * @throws SilasException {@code INVALID_INPUT} for a customer id outside {@code [A-Za-z0-9_-]{1,128}}
     */
    public Map<String, JsonNode> load(String customerId) {
        if (customerId == null || !CUSTOMER_ID.matcher(customerId).matches()) {
            throw SilasException.invalid("customer_id", "must match [A-Za-z0-9_-]{1,128}");
        }
        if (dir == null) {
            return Map.of();
        }
        ConfinedPaths.Content content;
        try {
            content = ConfinedPaths.of(dir, List.of()).read(customerId + ".json", MAX_BYTES);
        } catch (SilasException noDirectory) {
            return Map.of();
        }
        if (!content.ok()) {
            if (!ConfinedPaths.NOT_FOUND.equals(content.problem())) {
                LOG.warn("customer context file refused ({}); ignored", content.problem());
            }
            return Map.of();
        }
        if (content.truncated()) {
            LOG.warn("customer context file exceeds {} bytes; ignored", MAX_BYTES);
            return Map.of();
        }
        try {
            JsonNode node = Json.read(new String(content.bytes(), StandardCharsets.UTF_8), JsonNode.class);
            if (node == null || !node.isObject()) {
                LOG.warn("customer context file is not a JSON object; ignored");
                return Map.of();
            }
            Map<String, JsonNode> context = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                context.put(field.getKey(), field.getValue().deepCopy());
            }
            return Collections.unmodifiableMap(context);
        } catch (SilasException e) {
            LOG.warn("customer context file unreadable ({}); ignored", e.getClass().getSimpleName());
            return Map.of();
        }
    }
}
