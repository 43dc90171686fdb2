package io.silas.core.stream;

import io.silas.core.audit.AuditData;
import io.silas.core.config.SilasConfig;
import io.silas.core.context.ContextItem;
import io.silas.core.context.ContextKind;
import io.silas.core.context.ContextManager;
import io.silas.core.context.ContextSubscription;
import io.silas.core.context.ContextZone;
import io.silas.core.context.SubscriptionType;
import io.silas.core.context.TokenCounter;
import io.silas.core.json.Hashes;
import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.MemoryType;
import io.silas.core.tool.Toolset;
import io.silas.core.vocabulary.TaintLevel;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Restores one scope's context window after a restart (docs/contracts.md#startup-and-rehydration), lazily when the
 * scope's {@link TurnProcessor} is created (its first turn in this process): the system zone — exactly one pinned,
 * owner-taint item each for the constitution, the tool descriptions and a configuration snapshot ({@link SystemZone});
 * the window is new, so they replace what a previous window had rather than add to it — then the last
 * {@code rehydration.max_chronicle_entries} chronicle entries
 * of <b>this scope only</b> (old tool results are masked by the context manager's observation-masking rule when the
 * turn enforces its budget), the scope's profile memory pinned, and one pinned
 * {@value #REHYDRATED_MESSAGE} system item. The system item lives only in the in-memory window — it is never
 * written to the chronicle store — so it appears once per process and never accumulates across restarts. Profile memory is
 * pinned for every scope; a scope without chronicle entries is new and gets no rehydration message. A scope restored
 * after a restart is audited {@value #EVENT_REHYDRATED} ({@code scope_id}, {@code entries} restored from the
 * chronicle, {@code items} added to the window, {@code subscriptions} restored). Every distinct
 * {@code input_artifacts_from} entry of the scope's {@code running} work items is restored as an active file
 * subscription of the workspace zone; with an artifacts dir, those whose source item is of the same scope are
 * materialised once, at rehydration, as bounded, {@code external}-tainted workspace items (see
 * {@link #restoreSubscriptions}). The
 * primary (owner's) scope also gets the recent memories of the Stream's session ({@link #sessionId}). The rehydration message is a system-zone item, so it is part of the
 * rendered context the model sees on the scope's first turn. Stateless; thread-safe.
 */
final class Rehydrator {
    /** The context message a restored scope sees once per process. */
    static final String REHYDRATED_MESSAGE = "[SYSTEM] Session rehydrated after restart.";
    /** Source of the rehydration system item. */
    static final String SOURCE = "system:rehydration";
    /** Source of a restored session memory. */
    static final String SOURCE_SESSION = "memory:session";
    /** Most memories of the current session restored into the primary scope. */
    static final int SESSION_MEMORIES = 10;
    /** Audit event of a scope restored after a restart. */
    static final String EVENT_REHYDRATED = "stream_rehydrated";

    private static final TokenCounter COUNTER = TokenCounter.heuristic();

    private final Basics deps;
    private final TurnStores stores;
    private final @Nullable Toolset toolset;
    private final ArtifactReader artifacts;

    /** @param artifacts the work executor's artifacts ({@link ArtifactReader#none()} without an artifacts dir) */
    Rehydrator(Basics deps, TurnStores stores, @Nullable Toolset toolset, ArtifactReader artifacts) {
        this.deps = deps;
        this.stores = stores;
        this.toolset = toolset;
        this.artifacts = artifacts;
    }

    /**
     * Restores {@code scopeId} into {@code context}; {@code afterRestart} false (a processor rebuilt after an idle
     * release in this process) restores the same items without the {@value #REHYDRATED_MESSAGE} item.
     *
     * @return the highest restored turn number (the scope's turn counter continues from it); 0 for a new scope
     */
    int restore(String scopeId, ContextManager context, boolean afterRestart) {
        pinSystem(context, SystemZone.SOURCE_CONSTITUTION, SystemZone.constitution(deps.config()));
        pinSystem(context, SystemZone.SOURCE_TOOLS, SystemZone.tools(toolset));
        pinSystem(context, SystemZone.SOURCE_CONFIG, SystemZone.configSnapshot(deps.config()));
        List<ContextItem> recent = stores.chronicle().getRecent(scopeId,
                deps.config().rehydration().maxChronicleEntries());
        int highest = 0;
        int items = 3;
        for (ContextItem item : recent) {
            context.add(item);
            highest = Math.max(highest, item.turnNumber());
            items++;
        }
        for (MemoryItem profile : stores.memory().listByType(scopeId, MemoryType.PROFILE)) {
            context.add(new ContextItem(deps.ids().next(), ContextZone.MEMORY, profile.content(),
                    COUNTER.count(profile.content()), deps.clock().instant(), highest, "memory:profile",
                    profile.taint(), ContextKind.MEMORY, 1.0, false, true, profile.memoryId()));
            items++;
        }
        items += restoreSession(scopeId, context, highest);
        int subscriptions = restoreSubscriptions(scopeId, context, highest);
        if (recent.isEmpty() || !afterRestart) {
            return highest;
        }
        context.add(new ContextItem(deps.ids().next(), ContextZone.SYSTEM, REHYDRATED_MESSAGE,
                COUNTER.count(REHYDRATED_MESSAGE), deps.clock().instant(), highest, SOURCE, TaintLevel.OWNER,
                ContextKind.SYSTEM, 1.0, false, true, null));
        AuditData data = AuditData.scope(scopeId);
        data.put("entries", recent.size());
        data.put("items", items + 1);
        data.put("subscriptions", subscriptions);
        deps.audit().append(EVENT_REHYDRATED, data);
        return highest;
    }

    /**
     * The Stream's one permanent session (the Stream session survives restarts): memories the turns store are
     * stamped with it, and rehydration restores the recent ones into the primary scope.
     */
    static String sessionId(SilasConfig config) {
        return "stream:" + config.ownerId();
    }

    /**
     * Step 3b: the primary scope (the owner's) also gets the {@value #SESSION_MEMORIES} most recent memories of the
     * current session (memory zone, not pinned; one already in the window is not added twice).
     *
     * @return how many were offered to the window
     */
    private int restoreSession(String scopeId, ContextManager context, int turn) {
        if (!scopeId.equals(deps.config().scopeIdFor(deps.config().ownerId()))) {
            return 0;
        }
        List<MemoryItem> recent = stores.memory().searchSession(scopeId, sessionId(deps.config())).stream()
                .sorted(java.util.Comparator.comparing(MemoryItem::createdAt).reversed()).limit(SESSION_MEMORIES)
                .toList();
        for (MemoryItem memory : recent) {
            context.add(new ContextItem(deps.ids().next(), ContextZone.MEMORY, memory.content(),
                    COUNTER.count(memory.content()), deps.clock().instant(), turn, SOURCE_SESSION, memory.taint(),
                    ContextKind.MEMORY, 1.0, false, false, memory.memoryId()));
        }
        return recent.size();
    }

    /**
     * Step 4: each distinct {@code input_artifacts_from} entry of this scope's in-progress ({@code running}) work
     * items becomes an active file subscription in the workspace zone, targeting {@code <follow_up_of>/<entry>}.
     * With an artifacts dir ({@link StreamBuilder#artifactsDir}), a subscription whose source item ({@code follow_up_of})
     * belongs to <b>this scope</b> is materialised: its bounded artifact content becomes a workspace-zone
     * {@link ContextKind#SUBSCRIPTION} item of {@link TaintLevel#EXTERNAL} taint (artifact content is produced by
     * runs, not written by the owner, so it renders with the {@code | external} mark). A source of another scope, or
     * not found, is never read; without an artifacts dir subscriptions are recorded only.
     *
     * @return how many were added
     */
    private int restoreSubscriptions(String scopeId, ContextManager context, int turn) {
        int added = 0;
        for (WorkItem item : stores.workItems().listByStatus(WorkItemStatus.RUNNING)) {
            if (!scopeId.equals(item.scopeId())) {
                continue;
            }
            String source = item.followUpOf();
            boolean readable = source != null && artifacts.readable() && stores.workItems().get(source)
                    .filter(s -> scopeId.equals(s.scopeId())).isPresent();
            for (String artifact : item.inputArtifactsFrom()) {
                String target = source == null ? artifact : source + "/" + artifact;
                ContextSubscription subscription = ContextSubscription.create(deps.ids().next(),
                        SubscriptionType.FILE, target, turn, deps.clock().instant(), item.id());
                String content = readable ? artifacts.read(source, artifact) : null;
                if (content != null) {
                    subscription = subscription.withMaterialized(
                            Hashes.sha256Hex(content.getBytes(StandardCharsets.UTF_8)), COUNTER.count(content));
                }
                if (context.subscribe(subscription)) {
                    added++;
                    if (content != null) {
                        context.add(new ContextItem(deps.ids().next(), ContextZone.WORKSPACE, content,
                                subscription.tokenCount(), deps.clock().instant(), turn, "artifact:" + target,
                                TaintLevel.EXTERNAL, ContextKind.SUBSCRIPTION, 1.0, false, false, null));
                    }
                }
            }
        }
        return added;
    }

    /** One pinned, owner-taint system item; the window is new, so it is the only one from {@code source}. */
    private void pinSystem(ContextManager context, String source, String text) {
        context.add(new ContextItem(deps.ids().next(), ContextZone.SYSTEM, text, COUNTER.count(text),
                deps.clock().instant(), 0, source, TaintLevel.OWNER, ContextKind.SYSTEM, 1.0, false, true, null));
    }
}
