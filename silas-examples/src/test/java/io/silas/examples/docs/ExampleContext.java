package io.silas.examples.docs;

import dev.langchain4j.model.chat.ChatModel;
import io.silas.core.agent.ExecutorAgent;
import io.silas.core.agent.PlannerAgent;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.audit.AuditLog;
import io.silas.core.audit.AuditSeal;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.ChannelAdapter;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.RichCardChannel;
import io.silas.core.config.SilasConfig;
import io.silas.core.connection.ConnectionManager;
import io.silas.core.connection.SecureInputCompleted;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.execution.SandboxManager;
import io.silas.core.execution.VerificationRunner;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateRunner;
import io.silas.core.proactivity.AutonomyCalibrator;
import io.silas.core.proactivity.ReviewQueueStore;
import io.silas.core.proactivity.SuggestionEngine;
import io.silas.core.proactivity.SuggestionProposal;
import io.silas.core.proactivity.SuggestionSignals;
import io.silas.core.schedule.Scheduler;
import io.silas.core.stream.Stream;
import io.silas.core.stream.StreamBuilder;
import io.silas.core.tool.Toolset;
import io.silas.core.trust.SecretStore;
import io.silas.core.work.EscalationPolicy;
import io.silas.core.work.WorkItem;
import io.silas.execution.work.ExecutorRegistry;
import io.silas.gates.GateModel;
import io.silas.proactivity.ScopeDirectory;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The host's own objects that the README and Javadoc examples use without building them; every example compiles
 * as a method body of a subclass ({@link CodeExamplesCompileTest}). Never instantiated: the fields only give the
 * examples' free names their types.
 */
@SuppressWarnings("unused")
public abstract class ExampleContext {
    /** A host's LangChain4j AiServices interface. */
    protected interface Assistant {
        String chat(String message);
    }

    // the host's models and channels
    protected ChatModel model;
    protected EscalationPolicy escalation;
    protected ProxyAgent myProxy;
    protected ProxyAgent proxy;
    protected PlannerAgent myPlanner;
    protected PlannerAgent planner;
    protected ExecutorAgent myAgent;
    protected GateModel myQualityModel;
    protected ChannelAdapter myChannel;
    protected ChannelAdapter channel;
    protected RichCardChannel myRichChannel;
    protected Toolset hostTools;
    protected SuggestionSignals hostSignals;
    protected ScopeDirectory scopeDirectory;
    protected Host host;
    protected Consumer<SecureInputCompleted> agentListener;
    protected Runnable healthCheck;
    protected Function<String, String> link;

    // what the earlier steps of the README built
    protected Clock clock;
    protected SilasConfig config;
    protected SqliteStores stores;
    protected AuditLog audit;
    protected AuditLog auditLog;
    protected AuditSeal seal;
    protected SecretStore secrets;
    protected SecretStore secretStore;
    protected MessageTrust trust;
    protected ApprovalEngine approvals;
    protected ApprovalEngine approvalEngine;
    protected GateRunner gates;
    protected GateRunner gateRunner;
    protected List<Gate> systemGates;
    protected List<Gate> systemThenGoalGates;
    protected SandboxManager sandboxes;
    protected SandboxManager sandboxManager;
    protected ExecutorRegistry registry;
    protected VerificationRunner verifier;
    protected CardPrompter cards;
    protected CardPrompter cardPrompter;
    protected CardPrompter prompter;
    protected ReviewQueueStore queue;
    protected SuggestionEngine suggestions;
    protected AutonomyCalibrator calibrator;
    protected Scheduler scheduler;
    protected ScheduledExecutorService scheduledExecutor;
    protected SecureInputRegistry secureInput;
    protected ConnectionManager connections;
    protected ApprovalToken connectionManageToken;
    protected StreamBuilder streamBuilder;
    protected Stream stream;
    protected WorkItem approvedItem;
    protected WorkItem item;
    protected Turn turn;

    // paths and per-message values
    protected Path dataDir;
    protected Path dir;
    protected Path skillsDir;
    protected Path projectDir;
    protected String json;
    protected ChannelMessage message;
    protected String connectionId;
    protected String remoteIp;
    protected String cardId;
    protected String value;
    protected String scopeId;
    protected String senderId;
    protected String text;

    /** The host's link to its secure-input page for a secret reference. */
    protected abstract String secureLink(String refId);

    /** The turn an example runs in. */
    protected interface Turn {
        String scopeId();
    }

    /** The host's own handling of accepted suggestions. */
    protected interface Host {
        void planFromSuggestion(SuggestionProposal proposal);
    }
}
