package io.silas.core.agent;

import static io.silas.core.error.Checks.list;
import static io.silas.core.error.Checks.nonNull;

import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryType;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A memory write the agent asks for (docs/contracts.md#stream-and-turns). The Stream gates every op ({@code
 * on_tool_call}) and caps how many run per turn; the record only checks that each op is complete:
 *
 * <ul>
 *   <li>{@code store}: {@code content}</li>
 *   <li>{@code update}: {@code memory_id} and {@code content}</li>
 *   <li>{@code delete}: {@code memory_id}</li>
 *   <li>{@code link}: {@code memory_id}, {@code link_to} and {@code link_type}</li>
 * </ul>
 *
 * Blank strings count as missing. A discriminated union or one validated model would both do; Java uses
 * the single record with the factories below.
 *
 * @param op operation kind
 * @param content content to store or update
 * @param memoryId target memory (update, delete, link)
 * @param memoryType classification; {@code null} means {@link MemoryType#EPISODE}
 * @param tags semantic tags
 * @param entityRefs referenced entity ids
 * @param linkTo memory to link to (link)
 * @param linkType kind of causal link (link)
 */
public record MemoryOp(
        MemoryOpType op,
        @Nullable String content,
        @Nullable String memoryId,
        MemoryType memoryType,
        List<String> tags,
        List<String> entityRefs,
        @Nullable String linkTo,
        @Nullable String linkType) {

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param op         operation kind
     * @param content    content to store or update
     * @param memoryId   target memory (update, delete, link)
     * @param memoryType classification; {
     * @param tags       semantic tags
     * @param entityRefs referenced entity ids
     * @param linkTo     memory to link to (link)
     * @param linkType   kind of causal link (link) /
public
     */
    public MemoryOp {
        nonNull(op, "op");
        memoryType = memoryType == null ? MemoryType.EPISODE : memoryType;
        tags = list(tags, "tags");
        entityRefs = list(entityRefs, "entity_refs");
        switch (op) {
            case STORE -> need(content, "content", op);
            case UPDATE -> {
                need(memoryId, "memory_id", op);
                need(content, "content", op);
            }
            case DELETE -> need(memoryId, "memory_id", op);
            case LINK -> {
                need(memoryId, "memory_id", op);
                need(linkTo, "link_to", op);
                need(linkType, "link_type", op);
            }
        }
    }

    private static void need(@Nullable String value, String field, MemoryOpType op) {
        if (value == null || value.isBlank()) {
            throw SilasException.invalid(field, "is required for " + op.name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Stores new content.
     *
     * @param content content to store or update
     * @param type the type
     * @param tags semantic tags
     * @param entityRefs referenced entity ids
     * @return the memory op
     */
    public static MemoryOp store(String content, MemoryType type, List<String> tags, List<String> entityRefs) {
        return new MemoryOp(MemoryOpType.STORE, content, null, type, tags, entityRefs, null, null);
    }

    /**
     * Replaces the content of an existing memory.
     *
     * @param memoryId target memory (update, delete, link)
     * @param content content to store or update
     * @return the memory op
     */
    public static MemoryOp update(String memoryId, String content) {
        return new MemoryOp(MemoryOpType.UPDATE, content, memoryId, null, List.of(), List.of(), null, null);
    }

    /**
     * Deletes a memory.
     *
     * @param memoryId target memory (update, delete, link)
     * @return the memory op
     */
    public static MemoryOp delete(String memoryId) {
        return new MemoryOp(MemoryOpType.DELETE, null, memoryId, null, List.of(), List.of(), null, null);
    }

    /**
     * Adds a causal link from {@code memoryId} to {@code linkTo}.
     *
     * @param memoryId target memory (update, delete, link)
     * @param linkTo memory to link to (link)
     * @param linkType kind of causal link (link)
     * @return the memory op
     */
    public static MemoryOp link(String memoryId, String linkTo, String linkType) {
        return new MemoryOp(MemoryOpType.LINK, null, memoryId, null, List.of(), List.of(), linkTo, linkType);
    }
}
