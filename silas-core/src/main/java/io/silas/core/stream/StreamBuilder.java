package io.silas.core.stream;

import io.silas.core.IdGenerator;
import io.silas.core.Sleeper;
import io.silas.core.agent.InteractionModes;
import io.silas.core.agent.PlannerAgent;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.ChannelAdapter;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.OwnerChannel;
import io.silas.core.config.SilasConfig;
import io.silas.core.connection.ConnectionManager;
import io.silas.core.connection.SetupCardPresenter;
import io.silas.core.context.ChronicleStore;
import io.silas.core.context.TokenBudget;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.gate.CustomerContexts;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateRunner;
import io.silas.core.json.Json;
import io.silas.core.limit.SharedBuckets;
import io.silas.core.memory.MemoryStore;
import io.silas.core.observe.Observers;
import io.silas.core.observe.SilasObserver;
import io.silas.core.persona.PersonalityEngine;
import io.silas.core.schedule.Scheduler;
import io.silas.core.tool.ToolDefinition;
import io.silas.core.tool.Toolset;
import io.silas.core.work.EscalationPolicy;
import io.silas.core.work.WorkExecutorFactory;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemExecutor;
import io.silas.core.work.WorkItemStore;
import io.silas.core.work.WorkServices;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Assembles a {@link Stream}. Each setter may be called once (a second call is {@code CONFIG_INVALID}); a null
 * argument is {@code INVALID_INPUT}. {@link #build()} names every missing required collaborator in one
 * {@code MISSING_COLLABORATOR} message.
 *
 * <p>Required: {@link #config}, {@link #audit}, {@link #stores}, {@link #proxy}, {@link #gateRunner},
 * {@link #messageTrust}, {@link #channel}. Optional: {@link #planner} (default: the planner fallback for planner
 * routes), {@link #approvals} + {@link #cardPrompter} + {@link #workExecution} (all three are needed to approve and
 * run plans; without them a proposed plan is answered with {@code TurnResult.PlanStatus.UNAVAILABLE}
 * and a reply saying so; nothing is stored or executed), {@link #escalation} (default
 * {@code EscalationPolicy.defaults(audit)}), {@link #activeGoal}, {@link #turnExecutor} and
 * {@link #backgroundExecutor} (default: daemon thread pools owned and closed by the Stream), {@link #scheduler},
 * {@link #heartbeats}, {@link #connectionManager} (used by {@link Stream#start()}; each absent one is audited as a
 * skipped startup step), {@link #inbox} (default in-memory), {@link #toolset} (no tools), {@link #personality}
 * (neutral style), {@link #ownerConnections} (default: the configured {@code owner_id}), {@link #nonOwnerPlans}
 * (ask the owner), {@link #maxWaitingCards} (the backpressure bounds), {@link #clock} (system UTC), {@link #ids}
 * (random), {@link #sleeper} (real sleeps), {@link #artifactsDir} (none: restored subscriptions are
 * recorded, not shown). Agent calls
 * run on a daemon pool owned by the Stream, each attempt with {@code turns.agent_timeout_seconds}, transient
 * failures retried with backoff ({@code turns.agent_retries}, {@code turns.agent_backoff_millis}) within
 * {@code turns.agent_deadline_seconds}. Not thread-safe; build once.
 */
public final class StreamBuilder {
    private final Set<String> called = new HashSet<>();
    private @Nullable SilasConfig config;
    private @Nullable AuditLog audit;
    private @Nullable ChronicleStore chronicle;
    private @Nullable MemoryStore memory;
    private @Nullable WorkItemStore workItems;
    private @Nullable ProxyAgent proxy;
    private @Nullable PlannerAgent planner;
    private @Nullable GateRunner gates;
    private @Nullable MessageTrust trust;
    private @Nullable ChannelAdapter channel;
    private @Nullable EscalationPolicy escalation;
    private @Nullable WorkItem activeGoal;
    private @Nullable ApprovalEngine approvals;
    private @Nullable CardPrompter cards;
    private @Nullable WorkExecutorFactory workExecution;
    private @Nullable ExecutorService turnExecutor;
    private @Nullable ExecutorService background;
    private @Nullable SharedBuckets sharedBuckets;
    private @Nullable Clock clock;
    private @Nullable IdGenerator ids;
    private @Nullable Sleeper sleeper;
    private @Nullable Path artifactsDir;
    private @Nullable Scheduler scheduler;
    private @Nullable SilasObserver observer;
    private @Nullable HeartbeatJobs heartbeats;
    private @Nullable InboxStore inbox;
    private final List<PullChannel> pullChannels = new ArrayList<>();
    private @Nullable StartupConnections connections;
    private @Nullable Toolset toolset;
    private @Nullable PersonalityEngine personality;
    private @Nullable OwnerChannel owner;
    private @Nullable NonOwnerPlans nonOwnerPlans;
    private int waitingCardsPerScope;
    private int waitingCardsTotal;

    StreamBuilder() {
    }

    /**
     * {@return the validated configuration (scope mode, limits, backpressure, profiles, system gates, mode defaults)}
     *
     * @param value the new value
     */
    public StreamBuilder config(SilasConfig value) {
        config = set("config", value);
        return this;
    }

    /**
     * {@return the hash-chained audit log every turn decision is written to}
     *
     * @param value the new value
     */
    public StreamBuilder audit(AuditLog value) {
        audit = set("audit", value);
        return this;
    }

    /**
     * {@return the per-scope stores: chronicle, long-term memory and work items (e.g. from {@code SqliteStores})}
     *
     * @param chronicleStore the chronicle store
     * @param memoryStore the memory store
     * @param workItemStore the work item store
     */
    public StreamBuilder stores(ChronicleStore chronicleStore, MemoryStore memoryStore, WorkItemStore workItemStore) {
        once("stores");
        chronicle = nonNull("chronicle_store", chronicleStore);
        memory = nonNull("memory_store", memoryStore);
        workItems = nonNull("work_item_store", workItemStore);
        return this;
    }

    /**
     * The connection(s) that are the owner's ({@link OwnerChannel}); default: the configured {@code owner_id}.
     * Every approval-class card (plan, batch, autonomy, suggestion, connection activation, gate
     * {@code require_approval}, mid-execution approval) is sent to the first of them and answered only from one of
     * them; owner notifications go to the first.
     *
     * <p><b>Security guarantees:</b> a card is never sent to, nor answered by, the sender of a non-owner message;
     * a text answer counts only from a message {@code MessageTrust} classified {@code owner} on one of these
     * connections.
     *
     * @param connectionIds the owner's connection ids; the first is the primary one
     * @return the stream builder
     * @throws SilasException {@code INVALID_INPUT} for no id, a blank id or an id listed twice
     */
    public StreamBuilder ownerConnections(String... connectionIds) {
        once("owner_connections");
        owner = OwnerChannel.of(connectionIds);
        return this;
    }

    /**
     * {@return what happens to a plan proposed in a non-owner turn (default {@link NonOwnerPlans#ASK_OWNER}: its card goes to
     * the owner with its origin shown; {@link NonOwnerPlans#REFUSE}: it is dropped)} Audited either way.
     *
     * @param value the new value
     */
    public StreamBuilder nonOwnerPlans(NonOwnerPlans value) {
        nonOwnerPlans = set("non_owner_plans", value);
        return this;
    }

    /**
     * Bounds the approval cards (plan, gate {@code require_approval}) waiting for the owner: at most {@code perScope}
     * per non-owner scope and {@code total} across non-owner scopes; beyond that the gated message or plan is
     * refused (audited {@code owner_card_refused}) instead of queued. Owner turns are never refused. Default:
     * {@code backpressure.max_pending_turns_per_scope} and {@code backpressure.max_pending_turns_total}.
     *
     * @param perScope the per scope
     * @param total whole context window, {@code > 0}
     * @return the stream builder
     * @throws SilasException {@code INVALID_INPUT} unless {@code 1 <= perScope <= total}
     */
    public StreamBuilder maxWaitingCards(int perScope, int total) {
        once("max_waiting_cards");
        if (perScope < 1 || total < perScope) {
            throw SilasException.invalid("max_waiting_cards", "need 1 <= per_scope <= total");
        }
        waitingCardsPerScope = perScope;
        waitingCardsTotal = total;
        return this;
    }

    /**
     * {@return the routing agent}
     *
     * @param value the new value
     */
    public StreamBuilder proxy(ProxyAgent value) {
        proxy = set("proxy", value);
        return this;
    }

    /**
     * {@return the planning agent for planner routes}
     *
     * @param value the new value
     */
    public StreamBuilder planner(PlannerAgent value) {
        planner = set("planner", value);
        return this;
    }

    /**
     * {@return the gate runner (e.g. {@code io.silas.gates.Gates.runner()...build()})}
     *
     * @param value the new value
     */
    public StreamBuilder gateRunner(GateRunner value) {
        gates = set("gate_runner", value);
        return this;
    }

    /**
     * {@return the inbound trust classifier (owner key, nonce store)}
     *
     * @param value the new value
     */
    public StreamBuilder messageTrust(MessageTrust value) {
        trust = set("message_trust", value);
        return this;
    }

    /**
     * {@return the channel replies, progress and text cards are sent through: replies to the connection a message came from,
     * approval cards and progress to the owner's connection ({@link #ownerConnections})}
     *
     * @param value the new value
     */
    public StreamBuilder channel(ChannelAdapter value) {
        channel = set("channel", value);
        return this;
    }

    /**
     * {@return how gate blocks are answered; default {@code EscalationPolicy.defaults(audit)}}
     *
     * @param value the new value
     */
    public StreamBuilder escalation(EscalationPolicy value) {
        escalation = set("escalation", value);
        return this;
    }

    /**
     * {@return the active goal — the same notion as the configuration's {@code active_goal} file (give either, or the same
     * plan in both): its gates join the system gates on every turn, its escalation map is consulted first, its
     * {@code access_levels} decide the tools of non-owner messages, and {@link Stream#start()} registers its cron
     * schedule} A file and a builder goal that differ are {@code CONFIG_INVALID} at {@link #build()}.
     *
     * @param value the new value
     */
    public StreamBuilder activeGoal(WorkItem value) {
        activeGoal = set("active_goal", value);
        return this;
    }

    /**
     * {@return the approval engine that signs and verifies plan tokens}
     *
     * @param value the new value
     */
    public StreamBuilder approvals(ApprovalEngine value) {
        approvals = set("approvals", value);
        return this;
    }

    /**
     * {@return how approval cards reach the owner's connection ({@code CardPrompter.rich} or {@code CardPrompter.text})} An
     * inbound message of a connection with a pending text card is classified by {@code MessageTrust} first and
     * offered to it only when it is {@code owner}; a message it consumes as a card reply is not a new turn.
     *
     * @param value the new value
     */
    public StreamBuilder cardPrompter(CardPrompter value) {
        cards = set("card_prompter", value);
        return this;
    }

    /**
     * The work executor, completed by the Stream: give the host-side parts only, e.g.
     * {@code WorkExecution.builder().executors(..).verification(..).artifactsDir(..)}; at {@link #build()} the Stream
     * supplies its audit log, clock, ids, {@link #approvals approval engine} (required with this), gate runner, the
     * system gates parsed from {@code gates.system}, the work item store of {@link #stores} and a progress listener
     * for the owner (for executions the Stream does not start, e.g. scheduled goal cycles). Executions the Stream
     * starts (an approved plan, work resumed after a restart) report to the owner and ask mid-execution approvals on
     * cards to the owner ({@code CardApprovalPrompter}). Without it, plans are unavailable: a proposed plan is answered
     * {@code TurnResult.PlanStatus.UNAVAILABLE}, nothing is stored or run, and interrupted work is not resumed.
     *
     * <p><b>Security guarantees:</b> the executor evaluates the same {@code gates.system} as the turns, before each
     * item's own gates, and signs, verifies and audits approvals with the Stream's engine and log only.
     *
     * @param value the new value
     * @return the stream builder
     */
    public StreamBuilder workExecution(WorkExecutorFactory value) {
        workExecution = set("work_execution", value);
        return this;
    }

    /**
     * {@return the executor turns run on (per-scope serial queues hand off to it); the host keeps ownership} It must run
     * tasks on threads of its own: a same-thread executor or a pool with {@code CallerRunsPolicy} is refused by
     * {@link #build()} ({@code CONFIG_INVALID}), since a turn run inside {@code submit} would wait for its own inbox
     * row.
     *
     * @param value the new value
     */
    public StreamBuilder turnExecutor(ExecutorService value) {
        turnExecutor = set("turn_executor", value);
        return this;
    }

    /**
     * {@return the executor plan approvals and executions run on, separate from turns; the host keeps ownership}
     *
     * @param value the new value
     */
    public StreamBuilder backgroundExecutor(ExecutorService value) {
        background = set("background_executor", value);
        return this;
    }

    /**
     * Keeps the {@code limits.*} rate-limit buckets in a backend shared by several JVMs (e.g.
     * {@code PostgresStores.sharedBuckets()}), so that a cluster enforces each limit once rather than once per JVM.
     * Without it the buckets live in this JVM.
     *
     * @param value the cluster's shared buckets
     * @return this builder
     */
    public StreamBuilder sharedBuckets(SharedBuckets value) {
        sharedBuckets = set("shared_buckets", value);
        return this;
    }

    /**
     * {@return the scheduler {@link Stream#start()} registers the active goal and heartbeat jobs on; {@link Stream#shutdown}
     * stops it (otherwise the host closes it)}
     *
     * @param value the new value
     */
    public StreamBuilder scheduler(Scheduler value) {
        scheduler = set("scheduler", value);
        return this;
    }

    /**
     * {@return the heartbeat loops {@link Stream#start()} registers on the scheduler (e.g.
     * {@code Proactivity.heartbeats(...).build()}, which sends suggestion and autonomy cards per scope). They are
     * registered with this Stream's owner ({@link #ownerConnections}, default {@code owner_id}), so their cards go to
     * the same owner connection as every other approval card; the heartbeats declare no owner of their own}
     *
     * @param value the new value
     */
    public StreamBuilder heartbeats(HeartbeatJobs value) {
        heartbeats = set("heartbeats", value);
        return this;
    }

    /**
     * {@return the durable inbox every admitted message is recorded in until its turn has finished (e.g.
     * {@code SqliteStores.inboxStore()}, which must come from the same bundle as the chronicle and memory stores:
     * it writes the turn's chronicle entries and raw memory items); default
     * {@code InboxStore.inMemory(chronicleStore, memoryStore)}, which survives no restart}
     *
     * @param value the new value
     */
    public StreamBuilder inbox(InboxStore value) {
        inbox = set("inbox", value);
        return this;
    }

    /**
     * {@return the connection manager {@link Stream#start()} health-checks the active goal's connections with
     * (docs/contracts.md#stream-and-turns startup steps 3–4; see {@link StartupSequence}); {@code presenter} shows the
     * manager's failure card (recovery chips) to the owner, e.g. {@code CardSetupPresenter.forOwner(cardPrompter,
     * OwnerChannel.of("console"), approvals, ref -> link, audit)} over the same card prompter (a text prompter on plain
     * channels). Without it the startup step is audited as skipped}
     *
     * @param manager the sandbox manager
     * @param presenter the presenter
     */
    public StreamBuilder connectionManager(ConnectionManager manager, SetupCardPresenter presenter) {
        once("connection_manager");
        connections = new StartupConnections(nonNull("connection_manager", manager),
                nonNull("presenter", presenter));
        return this;
    }

    /**
     * Adds a pull-style channel, started by {@link Stream#start()} as its last step and stopped by
     * {@link Stream#shutdown}; may be called once per channel.
     *
     * @param value the new value
     * @return the stream builder
     * @throws SilasException {@code INVALID_INPUT} for null, a blank name or a name already added
     */
    public StreamBuilder pullChannel(PullChannel value) {
        if (value == null) {
            throw SilasException.invalid("pull_channel", "must not be null");
        }
        String name = value.name();
        if (name == null || name.isBlank()) {
            throw SilasException.invalid("pull_channel", "name must not be blank");
        }
        if (pullChannels.stream().anyMatch(c -> c.name().equals(name))) {
            throw SilasException.invalid("pull_channel", "'" + name + "' was already added");
        }
        pullChannels.add(value);
        return this;
    }

    /**
     * Where metrics and traces go (e.g. {@code SilasMicrometer.observer(meterRegistry, observationRegistry)} from
     * {@code silas-micrometer}): every turn, gate check, agent call, approval, scheduled job and work-item run, and
     * the admission, audit, nonce-replay and drain counters. The Stream observes the audit log, approval engine,
     * scheduler and work executor it is given ({@link Observers}); wrap what is built outside it (sandbox manager,
     * verification runner, executor agent) with {@link Observers} too. Default: {@link SilasObserver#none()}, which
     * records nothing.
     *
     * @param value the observer
     * @return this builder
     */
    public StreamBuilder observer(SilasObserver value) {
        observer = set("observer", value);
        return this;
    }

    /**
     * {@return the clock (default system UTC)}
     *
     * @param value the new value
     */
    public StreamBuilder clock(Clock value) {
        clock = set("clock", value);
        return this;
    }

    /**
     * The host's tools (harness + skill tools, prepared for the agents). Each turn the agent request carries this
     * set filtered by the message's trust: everything for an owner-signed message (valid signature, fresh nonce),
     * otherwise the scope's level of the active goal's {@code access_levels} — the {@code public} level on the
     * owner's scope, whatever connection the message came from. Default: no tools.
     *
     * <p><b>Security guarantees:</b> an unsigned or replayed message on the owner's connection, or a stranger merged
     * into the owner's scope by {@code single_user} mode, never gets a tool the goal does not give outsiders.
     *
     * @param value the new value
     * @return the stream builder
     */
    public StreamBuilder toolset(Toolset value) {
        toolset = set("toolset", value);
        return this;
    }

    /**
     * {@return the personality engine (e.g. {@code PersonalityEngine.create(stores.personaStore(), clock)}): style directives
     * in every agent request, initiative for the interaction mode, post-turn events and decay. Default: neutral
     * style}
     *
     * @param value the new value
     */
    public StreamBuilder personality(PersonalityEngine value) {
        personality = set("personality", value);
        return this;
    }

    /**
     * Ids of context items and cards (default random).
     *
     * @param value the new value
     * @return the stream builder
     */
    public StreamBuilder ids(IdGenerator value) {
        ids = set("ids", value);
        return this;
    }

    /**
     * Waits for the backoff before an agent call is retried (default: real sleeps; tests move a clock instead).
     *
     * @param value the new value
     * @return the stream builder
     */
    public StreamBuilder sleeper(Sleeper value) {
        sleeper = set("sleeper", value);
        return this;
    }

    /**
     * {@return the work executor's artifacts root (the same dir as {@code WorkExecution.builder().artifactsDir(..)})} With it,
     * rehydration shows each restored file subscription's artifact content (bounded, confined to the source item's
     * dir, same scope only, {@code external} taint); without it subscriptions are recorded but not shown.
     *
     * @param value the new value
     */
    public StreamBuilder artifactsDir(Path value) {
        artifactsDir = set("artifacts_dir", value);
        return this;
    }

    /**
     * Builds the Stream.
     *
     * @return the stream
     * @throws SilasException {@code MISSING_COLLABORATOR} naming every missing required collaborator
     *     ({@code approvals} too when {@link #workExecution} is given); {@code CONFIG_INVALID} for a system gate
     *     definition or context section that does not parse, a work execution that sets a part the Stream supplies,
     *     an {@code active_goal} file that cannot be read or parsed, one that differs from {@link #activeGoal}, or a
     *     turn executor that runs tasks on the calling thread
     */
    public Stream build() {
        List<String> missing = new ArrayList<>();
        require(missing, config, "config");
        require(missing, audit, "audit");
        require(missing, chronicle, "stores (chronicle, memory, work items)");
        require(missing, proxy, "proxy");
        require(missing, gates, "gate_runner");
        require(missing, trust, "message_trust");
        require(missing, channel, "channel");
        if (workExecution != null && approvals == null) {
            missing.add("approvals (work_execution runs only approved work)");
        }
        if (!missing.isEmpty()) {
            throw new SilasException(ErrorCode.MISSING_COLLABORATOR, "Stream is missing: " + String.join(", ", missing));
        }
        WorkItem goal = ActiveGoals.resolve(config, activeGoal);
        if (turnExecutor != null) {
            CallerRunsCheck.refuseInPlace("turn_executor", turnExecutor);
        }
        List<ExecutorService> owned = new ArrayList<>();
        ExecutorService turnPool = turnExecutor != null ? turnExecutor
                : own(owned, Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                        daemon("silas-turn-")));
        ExecutorService backgroundPool = background != null ? background
                : own(owned, Executors.newCachedThreadPool(daemon("silas-work-")));
        ExecutorService agentPool = own(owned, Executors.newCachedThreadPool(daemon("silas-agent-")));
        OwnerChannel ownerChannel = owner != null ? owner : OwnerChannel.of(config.ownerId());
        ProgressRouter progress = new ProgressRouter(channel, ownerChannel);
        TokenBudget budget = budget(config);
        Clock time = clock != null ? clock : Clock.systemUTC();
        SilasObserver watch = observer != null ? observer : SilasObserver.none();
        AuditLog log = Observers.audit(audit, watch);
        ApprovalEngine engine = approvals == null ? null : Observers.approvals(approvals, watch);
        Scheduler jobs = scheduler == null ? null : Observers.scheduler(scheduler, watch);
        Operations ops = new Operations(new RateLimits(config.limits(), time, log, sharedBuckets), watch);
        IdGenerator idSource = ids != null ? ids : IdGenerator.random();
        List<Gate> system = systemGates(config);
        WorkItemExecutor executor = workExecution == null ? null : Observers.workExecutor(workExecution.create(
                new WorkServices(log, time, idSource, engine, gates, system, workItems, progress)), watch);
        TurnParts parts = new TurnParts(
                new Basics(config, log, time, idSource, channel, ops),
                new TurnStores(chronicle, memory, workItems, inbox != null ? inbox : InboxStore.inMemory(chronicle, memory)),
                new TurnAgents(proxy, planner, new AgentCalls(agentPool, config.turns(), ops.limits(), log, time,
                        sleeper != null ? sleeper : Sleeper.system(), watch), budget,
                        InteractionModes.defaultsByRegister(config.interaction()), Set.copyOf(budget.profiles().keySet()),
                        personality),
                new TurnRules(gates, escalation != null ? escalation : EscalationPolicy.defaults(log), system, goal,
                        toolset, toolset == null ? List.of()
                                : toolset.definitions().stream().map(ToolDefinition::name).toList(),
                        CustomerContexts.of(config)),
                new OwnerDesk(new OwnerCards(ownerChannel,
                        nonOwnerPlans != null ? nonOwnerPlans : NonOwnerPlans.ASK_OWNER,
                        waitingCardsPerScope > 0 ? waitingCardsPerScope
                                : config.backpressure().maxPendingTurnsPerScope(),
                        waitingCardsTotal > 0 ? waitingCardsTotal : config.backpressure().maxPendingTurnsTotal()),
                        cards, backgroundPool),
                executor == null || engine == null ? null : new PlanWork(engine, executor, progress),
                artifactsDir == null ? ArtifactReader.none() : new ArtifactReader(artifactsDir));
        return new Stream(parts, trust, ConnectionWorkers.of(turnPool, config.backpressure()), owned, jobs,
                heartbeats, connections, new PullChannels(pullChannels, log));
    }

    private static TokenBudget budget(SilasConfig config) {
        try {
            return Json.convert(Json.mapper().valueToTree(config.context()), TokenBudget.class);
        } catch (SilasException e) {
            throw new SilasException(ErrorCode.CONFIG_INVALID, "context: " + e.getMessage(), e);
        }
    }

    private static List<Gate> systemGates(SilasConfig config) {
        List<Gate> parsed = new ArrayList<>();
        List<Map<String, Object>> system = config.gates().system();
        for (int i = 0; i < system.size(); i++) {
            try {
                parsed.add(Json.convert(Json.mapper().valueToTree(system.get(i)), Gate.class));
            } catch (SilasException e) {
                throw new SilasException(ErrorCode.CONFIG_INVALID, "gates.system[" + i + "]: " + e.getMessage(), e);
            }
        }
        return List.copyOf(parsed);
    }

    private static ExecutorService own(List<ExecutorService> owned, ExecutorService pool) {
        owned.add(pool);
        return pool;
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void require(List<String> missing, @Nullable Object value, String name) {
        if (value == null) {
            missing.add(name);
        }
    }

    private <T> T set(String name, @Nullable T value) {
        once(name);
        return nonNull(name, value);
    }

    private void once(String name) {
        if (!called.add(name)) {
            throw new SilasException(ErrorCode.CONFIG_INVALID, "Stream builder: " + name + " set twice");
        }
    }

    private static <T> T nonNull(String name, @Nullable T value) {
        if (value == null) {
            throw SilasException.invalid(name, "must not be null");
        }
        return value;
    }
}
