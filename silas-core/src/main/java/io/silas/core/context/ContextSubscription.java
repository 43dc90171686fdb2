package io.silas.core.context;

import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import io.silas.core.error.SilasException;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A reference to a live resource that the context manager materialises on each render
 * (docs/contracts.md#context-window): a file, a line range of a file, or a memory query. Deactivated subscriptions cost
 * zero tokens and can be reactivated by the harness.
 *
 * <p>{@code work_item_id} is an addition of this SDK: file subscriptions belong to a work item so that
 * rehydration can restore those of in-progress work items (docs/contracts.md#startup-and-rehydration). {@code
 * content_hash} is
 * {@code null} until the first materialisation. The record checks the target's syntax only; the context
 * manager decides which paths may be read.
 *
 * @param subId unique id
 * @param subType what the target points at
 * @param target file path, {@code path:start-end} (1-based, inclusive, {@code start <= end}), or query text
 * @param zone where materialised content is placed; {@code null} means {@link ContextZone#WORKSPACE};
 *     never {@link ContextZone#SYSTEM}
 * @param createdAt when the subscription was created
 * @param turnCreated turn number at creation, {@code >= 0}
 * @param contentHash lower-case hex SHA-256 of the last materialised content, if any
 * @param active whether the next render materialises it
 * @param tokenCount tokens of the last materialisation, {@code >= 0}
 * @param workItemId the work item this subscription serves, if any
 */
public record ContextSubscription(
        String subId,
        SubscriptionType subType,
        String target,
        ContextZone zone,
        Instant createdAt,
        int turnCreated,
        @Nullable String contentHash,
        boolean active,
        int tokenCount,
        @Nullable String workItemId) {

    private static final Pattern LINE_RANGE = Pattern.compile("(.+):(\\d{1,9})-(\\d{1,9})");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param subId       unique id
     * @param subType     what the target points at
     * @param target      file path, {
     * @param zone        where materialised content is placed; {
     * @param createdAt   when the subscription was created
     * @param turnCreated turn number at creation, {
     * @param contentHash lower-case hex SHA-256 of the last materialised content, if any
     * @param active      whether the next render materialises it
     * @param tokenCount  tokens of the last materialisation, {
     * @param workItemId  the work item this subscription serves, if any /
public
     */
    public ContextSubscription {
        nonBlank(subId, "sub_id");
        nonNull(subType, "sub_type");
        nonBlank(target, "target");
        if (subType == SubscriptionType.FILE_LINES) {
            checkLineRange(target);
        }
        zone = zone == null ? ContextZone.WORKSPACE : zone;
        if (zone == ContextZone.SYSTEM) {
            throw SilasException.invalid("zone", "subscriptions cannot be placed in the system zone");
        }
        nonNull(createdAt, "created_at");
        if (turnCreated < 0) {
            throw SilasException.invalid("turn_created", "must be >= 0");
        }
        if (contentHash != null && !SHA256_HEX.matcher(contentHash).matches()) {
            throw SilasException.invalid("content_hash", "must be a lower-case hex SHA-256");
        }
        if (tokenCount < 0) {
            throw SilasException.invalid("token_count", "must be >= 0");
        }
        if (workItemId != null && workItemId.isBlank()) {
            throw SilasException.invalid("work_item_id", "must not be blank when present");
        }
    }

    private static void checkLineRange(String target) {
        Matcher m = LINE_RANGE.matcher(target);
        if (!m.matches()) {
            throw SilasException.invalid("target", "file_lines target must be 'path:start-end'");
        }
        int start = Integer.parseInt(m.group(2));
        int end = Integer.parseInt(m.group(3));
        if (start < 1 || end < start) {
            throw SilasException.invalid("target", "line range must satisfy 1 <= start <= end");
        }
    }

    /**
     * {@return a new, active, not yet materialised subscription in the workspace zone}
     *
     * @param subId unique id
     * @param subType what the target points at
     * @param target file path, {@code path:start-end} (1-based, inclusive, {@code start <= end}), or query text
     * @param turnCreated turn number at creation, {@code >= 0}
     * @param createdAt when the record was created
     * @param workItemId the work item
     */
    public static ContextSubscription create(String subId, SubscriptionType subType, String target,
                                             int turnCreated, Instant createdAt, @Nullable String workItemId) {
        return new ContextSubscription(subId, subType, target, ContextZone.WORKSPACE, createdAt, turnCreated, null,
                true, 0, workItemId);
    }

    /**
     * {@return a copy recording a materialisation with the given content hash and size}
     *
     * @param hash the hash
     * @param tokens the tokens
     */
    public ContextSubscription withMaterialized(String hash, int tokens) {
        return new ContextSubscription(subId, subType, target, zone, createdAt, turnCreated,
                nonBlank(hash, "content_hash"), active, tokens, workItemId);
    }

    /**
     * {@return a copy activated or deactivated}
     *
     * @param isActive the is active
     */
    public ContextSubscription withActive(boolean isActive) {
        return new ContextSubscription(subId, subType, target, zone, createdAt, turnCreated, contentHash, isActive,
                tokenCount, workItemId);
    }
}
