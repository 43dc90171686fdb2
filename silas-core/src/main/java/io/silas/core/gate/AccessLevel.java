package io.silas.core.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.silas.core.error.SilasException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A tool access tier for chatbot deployments (docs/contracts.md#gates, #access-levels): reached when every gate in
 * {@code requires} has passed; drops back to the default level after {@code expires_after} seconds.
 *
 * <p><b>Security guarantees:</b> levels are data only; transitions are decided by the access controller
 * from gate results, never by a model.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessLevel(String description, List<String> tools, List<String> requires,
                          @Nullable Integer expiresAfter) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param description  what the tool does (shown to the model)
     * @param tools        the tools exposed after preparation and access filtering
     * @param requires     the requires
     * @param expiresAfter the expires after
     */
    public AccessLevel {
        description = description == null ? "" : description;
        tools = names(tools, "access_levels.tools");
        requires = names(requires, "access_levels.requires");
        if (expiresAfter != null && expiresAfter <= 0) {
            throw SilasException.invalid("access_levels.expires_after", "must be > 0 seconds when set");
        }
    }

    private static List<String> names(@Nullable List<String> values, String field) {
        if (values == null) {
            return List.of();
        }
        for (String v : values) {
            if (v == null || v.isBlank()) {
                throw SilasException.invalid(field, "entries must not be blank");
            }
        }
        return List.copyOf(values);
    }
}
