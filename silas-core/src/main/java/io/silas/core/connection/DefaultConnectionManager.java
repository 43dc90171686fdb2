package io.silas.core.connection;

import io.silas.core.approval.ApprovalToken;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import java.util.List;

/**
 * The default {@link ConnectionManager}: a facade over its package-private parts — {@link SetupFlows} (setup
 * conversations and their failure cards), {@link Activation} and {@link Escalation} (approved registration and
 * permission changes), {@link HealthMonitor} (health checks, refresh rules, scheduled jobs) with
 * {@link HealthRecovery} (recovery chips of failed connections), over {@link HealthProbes} and
 * {@link RegisteredConnections}. Credential refs of registered connections live in the {@link ConnectionRegistry}
 * ({@link CredentialRefs}), so a fresh manager over the same registry runs health, refresh and recover scripts with
 * the same {@code CREDENTIAL_REF_*} environment after a restart. Assembled by {@link ConnectionManagerBuilder}.
 */
final class DefaultConnectionManager implements ConnectionManager {
    private final SkillScripts skills;
    private final RegisteredConnections records;
    private final SetupFlows setup;
    private final Activation activation;
    private final Escalation escalation;
    private final HealthMonitor health;
    private final HealthProbes probes;

    DefaultConnectionManager(SkillScripts skills, RegisteredConnections records, SetupFlows setup,
                             Activation activation, Escalation escalation, HealthMonitor health, HealthProbes probes) {
        this.skills = skills;
        this.records = records;
        this.setup = setup;
        this.activation = activation;
        this.escalation = escalation;
        this.health = health;
        this.probes = probes;
    }

    @Override
    public List<ConnectionSkill> discover() {
        return skills.skills();
    }

    @Override
    public SetupOutcome runSetupFlow(String skillName, String scopeId, SetupCardPresenter presenter) {
        return setup.start(skillName, scopeId, presenter);
    }

    @Override
    public Connection activateConnection(ConnectionProposal proposal, ApprovalToken token) {
        return activation.activate(proposal, token);
    }

    @Override
    public EscalationOutcome escalatePermission(String connectionId, List<String> requestedPermissions, String reason,
                                                String scopeId, PermissionEscalationPresenter presenter) {
        return escalation.escalate(connectionId, requestedPermissions, reason, scopeId, presenter);
    }

    @Override
    public List<HealthReport> runHealthChecks(SetupCardPresenter presenter) {
        return health.checkAll(presenter);
    }

    @Override
    public HealthReport checkConnection(String connectionId, SetupCardPresenter presenter) {
        return health.check(connectionId, presenter);
    }

    @Override
    public List<ScheduledJob> scheduleProactiveRefresh(Scheduler scheduler, SetupCardPresenter presenter) {
        return health.scheduleAll(scheduler, presenter);
    }

    @Override
    public boolean refreshToken(String connectionId) {
        return probes.refreshToken(connectionId);
    }

    @Override
    public boolean recover(String connectionId) {
        return probes.recover(connectionId);
    }

    @Override
    public List<Connection> listConnections() {
        return records.list();
    }
}
