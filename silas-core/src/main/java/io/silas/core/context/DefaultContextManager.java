package io.silas.core.context;

import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.MemoryStore;
import io.silas.core.memory.MemoryType;
import io.silas.core.vocabulary.TaintLevel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The default {@link ContextManager}; see the interface for the behaviour. */
final class DefaultContextManager implements ContextManager {
    /** {@code source_kind} of memories written by eviction. */
    static final String SOURCE_KIND = "context_eviction";
    private static final Pattern TRIVIAL_ACK = Pattern.compile(TRIVIAL_ACK_PATTERN,
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final int PREVIEW_CHARS = 200;
    private static final int RECENT_TURNS = 3;
    private static final List<ContextZone> EVICTABLE =
            List.of(ContextZone.CHRONICLE, ContextZone.MEMORY, ContextZone.WORKSPACE);
    private static final Comparator<ContextItem> CHRONICLE_ORDER = Comparator.comparingInt(ContextItem::turnNumber);
    private static final Comparator<ContextItem> MEMORY_ORDER = Comparator.comparingDouble(ContextItem::relevance)
            .thenComparingInt(ContextItem::turnNumber);
    private static final Comparator<ContextItem> WORKSPACE_ORDER = Comparator
            .comparingInt((ContextItem i) -> i.kind() == ContextKind.EXECUTION_RESULT ? 0 : 1)
            .thenComparingInt(ContextItem::turnNumber);

    private final String scopeId;
    private final TokenBudget budget;
    private final MemoryStore memory;
    /** Episodes queued by the current budget enforcement or masking pass (used under the instance lock). */
    private final List<MemoryItem> pendingStores = new ArrayList<>();
    private final AuditLog audit;
    private final Clock clock;
    private final ScorerGuard scorer;
    private final TokenCounter counter;
    private final IdGenerator ids;
    private final Map<ContextZone, List<ContextItem>> zones = new EnumMap<>(ContextZone.class);
    /** Each zone's items with their formatted blocks, in step with {@link #zones}. */
    private final Map<ContextZone, ZoneBlocks> blocks = new EnumMap<>(ContextZone.class);
    /** The window of the last {@link #window}, returned again while no zone changed; null after any change. */
    private @Nullable ContextWindow window;
    /** The ctx ids present per zone, so that {@link #add} does not walk the window (a turn adds items each time). */
    private final Map<ContextZone, Set<String>> ctxIds = new EnumMap<>(ContextZone.class);
    /** The memory ids present per zone, so that de-duplicating an injected memory does not walk the zone. */
    private final Map<ContextZone, Set<String>> memoryIds = new EnumMap<>(ContextZone.class);
    /**
     * Per zone (by ordinal): whether its items are in the order of its eviction policy (every turn appends its own
     * items: turn numbers never decrease, retrieved memories share one relevance), so that its eviction victim is its
     * first unpinned item; an item added out of that order clears this for good and {@link #nextVictim} searches the
     * zone.
     */
    private final boolean[] inOrder = new boolean[ContextZone.values().length];
    /**
     * The token total of each zone's items (indexed by ordinal), kept in step with every change of {@link #zones} so
     * that budget checks do not walk the window.
     */
    private final int[] zoneTokens = new int[ContextZone.values().length];
    /**
     * Whether the chronicle may hold a tool result that observation masking has not masked yet; false lets
     * {@link #mask} (run on every render) skip walking the window.
     */
    private boolean unmaskedToolResults;
    /** Chronicle messages added since the last trivial-ack check (items are immutable: each is checked once). */
    private final List<ContextItem> unchecked = new ArrayList<>();
    private ContextProfile profile;
    /** Scales token estimates by what this scope's model reported. */
    private final TokenCalibration calibration = new TokenCalibration();
    /** Subscriptions by type and target. */
    private final Map<String, ContextSubscription> subscriptions = new LinkedHashMap<>();

    DefaultContextManager(String scopeId, TokenBudget budget, MemoryStore memory, AuditLog audit, Clock clock,
                          ScorerGuard scorer, TokenCounter counter, IdGenerator ids) {
        this.scopeId = scopeId;
        this.budget = budget;
        this.memory = memory;
        this.audit = audit;
        this.clock = clock;
        this.scorer = scorer;
        this.counter = counter;
        this.ids = ids;
        this.profile = budget.profiles().get(budget.defaultProfile());
        for (ContextZone zone : ContextZone.values()) {
            zones.put(zone, new ArrayList<>());
            ctxIds.put(zone, new HashSet<>());
            memoryIds.put(zone, new HashSet<>());
            blocks.put(zone, new ZoneBlocks());
            inOrder[zone.ordinal()] = true;
        }
    }

    @Override
    public String scopeId() {
        return scopeId;
    }

    @Override
    public synchronized boolean subscribe(ContextSubscription subscription) {
        if (subscription == null) {
            throw SilasException.invalid("subscription", "must not be null");
        }
        return subscriptions.putIfAbsent(subscription.subType() + ":" + subscription.target(), subscription) == null;
    }

    @Override
    public synchronized List<ContextSubscription> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    @Override
    public synchronized void add(ContextItem item) {
        if (item == null) {
            throw SilasException.invalid("item", "is required");
        }
        List<ContextItem> zone = zones.get(item.zone());
        String memoryId = item.memoryId();
        if (memoryId != null && memoryIds.get(item.zone()).contains(memoryId)) {
            return;
        }
        if (!ctxIds.get(item.zone()).add(item.ctxId())) {
            throw SilasException.invalid("ctx_id", "is already in this context window");
        }
        if (memoryId != null) {
            memoryIds.get(item.zone()).add(memoryId);
        }
        Comparator<ContextItem> order = order(item.zone());
        if (order != null && !zone.isEmpty() && order.compare(zone.get(zone.size() - 1), item) > 0) {
            inOrder[item.zone().ordinal()] = false;
        }
        zone.add(item);
        blocks.get(item.zone()).add(item);
        window = null;
        zoneTokens[item.zone().ordinal()] += item.tokenCount();
        if (item.zone() == ContextZone.CHRONICLE && item.kind() == ContextKind.TOOL_RESULT) {
            unmaskedToolResults = true;
        }
        if (item.zone() == ContextZone.CHRONICLE && item.kind() == ContextKind.MESSAGE) {
            unchecked.add(item);
        }
    }

    @Override
    public synchronized ContextItem add(ContextZone zone, ContextKind kind, String content, String source,
                                        TaintLevel taint, int turnNumber) {
        if (content == null) {
            throw SilasException.invalid("content", "is required");
        }
        ContextItem item = ContextItem.live(ids.next(), zone, kind, content, counter.count(content), source, taint,
                turnNumber, clock.instant());
        add(item);
        return item;
    }

    @Override
    public synchronized List<ContextItem> items(ContextZone zone) {
        return List.copyOf(zones.get(zone));
    }

    @Override
    public synchronized int usage() {
        int total = 0;
        for (int zone : zoneTokens) {
            total += zone;
        }
        return total;
    }

    @Override
    public synchronized void calibrate(List<String> sentTexts, long reportedInputTokens) {
        if (sentTexts == null) {
            throw SilasException.invalid("sent_texts", "is required");
        }
        long estimated = 0;
        for (String text : sentTexts) {
            estimated += text == null ? 0 : counter.count(text);
        }
        calibration.record(estimated, reportedInputTokens);
    }

    @Override
    public synchronized double tokenCalibration() {
        return calibration.factor();
    }

    @Override
    public synchronized ContextProfile profile() {
        return profile;
    }

    @Override
    public synchronized void setProfile(String profileName) {
        ContextProfile next = budget.profile(profileName).orElseThrow(() ->
                SilasException.invalid("context_profile", "'" + profileName + "' is not a configured profile"));
        if (next.equals(profile)) {
            return;
        }
        AuditData data = AuditData.scope(scopeId);
        data.put("from_profile", profile.name());
        data.put("to_profile", next.name());
        audit.append(EVENT_PROFILE_CHANGED, data);
        profile = next;
    }

    @Override
    public synchronized ZoneBudgets budgets() {
        return ZoneBudgets.of(budget, profile, tokens(ContextZone.SYSTEM));
    }

    @Override
    public synchronized EvictionReport enforceBudget(int turnNumber, @Nullable String currentGoal) {
        int before = usage();
        int[] stored = {0};
        int masked = mask(turnNumber, stored);
        int acks = dropTrivialAcks();
        int evicted = 0;
        ZoneBudgets budgets = budgets();
        for (ContextZone zone : EVICTABLE) {
            ContextItem victim;
            while (tokens(zone) > budgets.of(zone) && (victim = nextVictim(zone)) != null) {
                evict(victim, stored);
                evicted++;
            }
        }
        EvictionReport.Tier2 tier2 = EvictionReport.Tier2.NOT_NEEDED;
        if (overThreshold()) {
            int[] tier2Evicted = {0};
            tier2 = tierTwo(currentGoal, stored, tier2Evicted);
            evicted += tier2Evicted[0];
        }
        storePending();
        return new EvictionReport(before, usage(), masked, acks, evicted, stored[0], tier2);
    }

    @Override
    public synchronized String render(int turnNumber) {
        return window(turnNumber).text();
    }

    @Override
    public synchronized ContextWindow window(int turnNumber) {
        mask(turnNumber, new int[1]);
        storePending();
        if (window == null) {
            // Zones and the blocks within them are both separated by a blank line, and an empty zone adds nothing:
            // the window is every zone's blocks in zone order.
            List<ZoneBlocks.Chunk> chunks = new ArrayList<>();
            for (ContextZone zone : ContextZone.values()) {
                blocks.get(zone).snapshotInto(chunks);
            }
            window = ContextWindow.of(chunks);
        }
        return window;
    }

    private boolean overThreshold() {
        return calibration.scale(usage()) > budget.total() * budget.evictionThresholdPct();
    }

    private int mask(int turnNumber, int[] stored) {
        if (!unmaskedToolResults) {
            return 0;
        }
        int masked = 0;
        boolean remaining = false;
        List<ContextItem> chronicle = zones.get(ContextZone.CHRONICLE);
        for (int i = 0; i < chronicle.size(); i++) {
            ContextItem item = chronicle.get(i);
            if (item.kind() != ContextKind.TOOL_RESULT || item.masked()) {
                continue;
            }
            if (item.pinned() || item.turnNumber() >= turnNumber - budget.observationMaskAfterTurns()) {
                remaining = true;
            } else {
                stored[0] += store(item);
                String placeholder = "[Result of " + item.source() + " \u2014 " + item.tokenCount()
                        + " tokens \u2014 see memory for details]";
                ContextItem placeheld = item.withMasked(placeholder, counter.count(placeholder));
                chronicle.set(i, placeheld);
                blocks.get(ContextZone.CHRONICLE).set(i, placeheld);
                window = null;
                zoneTokens[ContextZone.CHRONICLE.ordinal()] += placeheld.tokenCount() - item.tokenCount();
                masked++;
            }
        }
        unmaskedToolResults = remaining;
        return masked;
    }

    private int dropTrivialAcks() {
        int dropped = 0;
        for (ContextItem item : unchecked) {
            if (!item.pinned() && item.tokenCount() < TRIVIAL_ACK_MAX_TOKENS && mayBeTrivialAck(item.content())
                    && TRIVIAL_ACK.matcher(item.content().strip()).matches() && remove(item)) {
                forget(item);
                zoneTokens[ContextZone.CHRONICLE.ordinal()] -= item.tokenCount();
                dropped++;
            }
        }
        unchecked.clear();
        return dropped;
    }

    /**
     * Cheap necessary condition for {@link #TRIVIAL_ACK_PATTERN} (its words are at most 6 chars, followed only by
     * whitespace and {@code .!?}), so the regex runs only on short texts: this runs for every chronicle message on
     * every turn.
     */
    private static boolean mayBeTrivialAck(String content) {
        int start = 0;
        int end = content.length();
        while (start < end && Character.isWhitespace(content.charAt(start))) {
            start++;
        }
        while (end > start && (Character.isWhitespace(content.charAt(end - 1))
                || ".!?".indexOf(content.charAt(end - 1)) >= 0)) {
            end--;
        }
        return end - start <= 6;
    }

    /** The next item the zone's policy evicts, or null if only pinned items remain. */
    private @Nullable ContextItem nextVictim(ContextZone zone) {
        List<ContextItem> items = zones.get(zone);
        Comparator<ContextItem> order = order(zone);
        if (order == null) {
            return null;
        }
        if (inOrder[zone.ordinal()]) {
            for (ContextItem item : items) { // the first unpinned item comes first in the order (ties: the first)
                if (!item.pinned()) {
                    return item;
                }
            }
            return null;
        }
        ContextItem best = null;
        for (ContextItem item : items) {
            if (!item.pinned() && (best == null || order.compare(item, best) < 0)) {
                best = item;
            }
        }
        return best;
    }

    private EvictionReport.Tier2 tierTwo(@Nullable String currentGoal, int[] stored, int[] evicted) {
        Optional<ContextScorer.Output> output = scorer.score(request(currentGoal));
        if (output.isPresent()) {
            for (ContextScorer.Group group : output.get().evictGroups()) {
                for (String id : group.blockIds()) {
                    ContextItem item = find(id);
                    if (item != null && !item.pinned() && item.zone() != ContextZone.SYSTEM) {
                        evict(item, stored);
                        evicted[0]++;
                    }
                }
                if (!overThreshold()) {
                    return EvictionReport.Tier2.SCORER;
                }
            }
        }
        fallback(stored, evicted);
        return EvictionReport.Tier2.FALLBACK;
    }

    /** Deterministic aggressive eviction: one victim per zone in turn until under the threshold. */
    private void fallback(int[] stored, int[] evicted) {
        boolean progress = true;
        while (overThreshold() && progress) {
            progress = false;
            for (ContextZone zone : EVICTABLE) {
                ContextItem victim = nextVictim(zone);
                if (victim != null && overThreshold()) {
                    evict(victim, stored);
                    evicted[0]++;
                    progress = true;
                }
            }
        }
    }

    private ContextScorer.Request request(@Nullable String currentGoal) {
        List<ContextScorer.Block> blocks = new ArrayList<>();
        for (ContextZone zone : EVICTABLE) {
            for (ContextItem item : zones.get(zone)) {
                if (!item.pinned()) {
                    String preview = item.content().length() > PREVIEW_CHARS
                            ? item.content().substring(0, PREVIEW_CHARS) : item.content();
                    blocks.add(new ContextScorer.Block(item.ctxId(), zone, item.kind(), item.turnNumber(),
                            item.tokenCount(), item.source(), preview));
                }
            }
        }
        List<String> recent = new ArrayList<>();
        List<ContextItem> chronicle = zones.get(ContextZone.CHRONICLE);
        for (int i = Math.max(0, chronicle.size() - RECENT_TURNS); i < chronicle.size(); i++) {
            recent.add(chronicle.get(i).content());
        }
        return new ContextScorer.Request(scopeId, currentGoal, recent, blocks);
    }

    private @Nullable ContextItem find(String ctxId) {
        for (ContextZone zone : EVICTABLE) {
            for (ContextItem item : zones.get(zone)) {
                if (item.ctxId().equals(ctxId)) {
                    return item;
                }
            }
        }
        return null;
    }

    /** Stores the item to memory, then removes it; if storing throws, the item stays. */
    private void evict(ContextItem item, int[] stored) {
        if (!item.masked()) {
            stored[0] += store(item);
        }
        if (remove(item)) {
            forget(item);
            zoneTokens[item.zone().ordinal()] -= item.tokenCount();
        }
    }

    /** The eviction order of a zone; null for the system zone (never evicted). */
    private static @Nullable Comparator<ContextItem> order(ContextZone zone) {
        return switch (zone) {
            case CHRONICLE -> CHRONICLE_ORDER;
            case MEMORY -> MEMORY_ORDER;
            case WORKSPACE -> WORKSPACE_ORDER;
            case SYSTEM -> null;
        };
    }

    /**
     * Removes this very item (by identity) from its zone and its blocks; false if it is not there. The search runs
     * from both ends at once: victims are found near the head, dropped acknowledgements near the tail.
     */
    private boolean remove(ContextItem item) {
        List<ContextItem> zone = zones.get(item.zone());
        int n = zone.size();
        for (int i = 0; i < (n + 1) / 2; i++) {
            int at = zone.get(i) == item ? i : zone.get(n - 1 - i) == item ? n - 1 - i : -1;
            if (at >= 0) {
                zone.remove(at);
                blocks.get(item.zone()).remove(at);
                window = null;
                return true;
            }
        }
        return false;
    }

    /** Drops a removed item's ids from the per-zone id sets. */
    private void forget(ContextItem item) {
        ctxIds.get(item.zone()).remove(item.ctxId());
        if (item.memoryId() != null) {
            memoryIds.get(item.zone()).remove(item.memoryId());
        }
    }

    /**
     * Queues the original content as a working episode for {@link #storePending}; returns 1 if queued, 0 for blank
     * content.
     */
    private int store(ContextItem item) {
        if (item.content().isBlank()) {
            return 0;
        }
        String content = item.taint() == TaintLevel.EXTERNAL ? BlockFormat.scrub(item.content()) : item.content();
        pendingStores.add(MemoryItem.create(ids.next(), scopeId, content, MemoryType.EPISODE, item.taint(),
                SOURCE_KIND, clock.instant()));
        return 1;
    }

    /**
     * Stores the episodes queued by one budget enforcement or masking pass together ({@link MemoryStore#storeAll}:
     * one durable commit on a database store, however many items a turn evicts).
     */
    private void storePending() {
        if (pendingStores.isEmpty()) {
            return;
        }
        try {
            memory.storeAll(List.copyOf(pendingStores));
        } finally {
            pendingStores.clear();
        }
    }

    /** The zone's tokens for budget checks: the estimate scaled by the calibration. */
    private int tokens(ContextZone zone) {
        return calibration.scale(zoneTokens[zone.ordinal()]);
    }
}
