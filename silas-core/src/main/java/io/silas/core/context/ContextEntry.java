package io.silas.core.context;

import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.TaintLevel;

/**
 * One typed, role-tagged entry of a scope's context window as a model adapter sees it: the same content as the
 * rendered block of its {@link ContextItem}, with the role and trust the block header carries as fields instead of
 * text. A model adapter maps entries onto its own message types (system, user, assistant, tool) without parsing the
 * rendered window. Immutable.
 *
 * <p><b>Security guarantees:</b> {@code taint} is the item's propagated trust; an adapter must not present an entry
 * whose taint is not {@code owner} as instructions (for example, as a system message).
 *
 * @param zone       the zone the item belongs to (system, chronicle, memory, workspace)
 * @param role       who the content speaks for
 * @param kind       the content type
 * @param content    the text (the observation-masking placeholder when {@code masked})
 * @param taint      trust propagated from the source
 * @param turnNumber the turn in which the item was created
 * @param source     the origin label, e.g. {@code channel:web}, {@code agent:direct}, {@code memory:profile}
 * @param masked     whether the content was replaced by a placeholder
 */
public record ContextEntry(ContextZone zone, Role role, ContextKind kind, String content, TaintLevel taint,
                           int turnNumber, String source, boolean masked) {

    /** Who a context entry speaks for. */
    public enum Role {
        /** Harness content: constitution, tool descriptions, persona directives. */
        SYSTEM,
        /** A message the user (any sender) sent on a channel. */
        USER,
        /** A reply of the agent. */
        ASSISTANT,
        /** The output of a tool run. */
        TOOL,
        /** Retrieved memories, plans, execution results and subscriptions: reference material, not a speaker. */
        CONTEXT
    }

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param zone       the zone the item belongs to (system, chronicle, memory, workspace)
     * @param role       who the content speaks for
     * @param kind       the content type
     * @param content    the text (the observation-masking placeholder when {
     * @param taint      trust propagated from the source
     * @param turnNumber the turn in which the item was created
     * @param source     the origin label, e.g. {
     * @param masked     whether the content was replaced by a placeholder /
public
     */
    public ContextEntry {
        nonNull(zone, "zone");
        nonNull(role, "role");
        nonNull(kind, "kind");
        nonNull(content, "content");
        nonNull(taint, "taint");
        if (turnNumber < 0) {
            throw SilasException.invalid("turn_number", "must be >= 0");
        }
        nonBlank(source, "source");
    }

    /**
     * {@return the entry of one context item; its role follows the rendered block header's role}
     *
     * @param item the work item
     */
    public static ContextEntry of(ContextItem item) {
        return new ContextEntry(item.zone(), roleOf(item), item.kind(), item.content(), item.taint(),
                item.turnNumber(), item.source(), item.masked());
    }

    /** The role of an item's entry, as its rendered block header names it. */
    static Role roleOf(ContextItem item) {
        return switch (item.kind()) {
            case SYSTEM -> Role.SYSTEM;
            case TOOL_RESULT -> Role.TOOL;
            case MESSAGE -> switch (BlockFormat.role(item.source())) {
                case BlockFormat.USER -> Role.USER;
                case BlockFormat.ASSISTANT -> Role.ASSISTANT;
                default -> item.zone() == ContextZone.SYSTEM ? Role.SYSTEM : Role.CONTEXT;
            };
            case MEMORY, PLAN, EXECUTION_RESULT, SUBSCRIPTION -> Role.CONTEXT;
        };
    }
}
