package io.silas.core.connection;

import io.silas.core.audit.AuditData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One setup conversation, played in rounds (see {@link SkillScripts}): the accumulated messages, the credentials
 * collected so far and the secure-input refs to discard when it does not complete. Single-threaded.
 */
final class SetupFlow {
    private static final Logger LOG = LoggerFactory.getLogger(SetupFlow.class);
    private static final int MAX_ROUNDS = 16;

    private final SetupFlows flows;
    private final ConnectionSkill skill;
    private final String scopeId;
    private final SetupCardPresenter presenter;
    private final String connectionId;
    private final ScriptMessage.Start start;
    private final List<String> current;
    private final List<ScriptMessage> messages = new ArrayList<>();
    private final Map<String, String> credentialEnv = new LinkedHashMap<>();
    private final List<String> registeredRefs = new ArrayList<>();

    /**
     * A flow starting with {@code start}; {@code existingRefs} are the refs a re-auth already holds,
     * {@code current} the permissions the connection already has (empty for a new connection).
     */
    SetupFlow(SetupFlows flows, ConnectionSkill skill, String scopeId, SetupCardPresenter presenter,
              String connectionId, ScriptMessage.Start start, Map<String, String> existingRefs, List<String> current) {
        this.flows = flows;
        this.skill = skill;
        this.start = start;
        this.current = List.copyOf(current);
        this.scopeId = scopeId;
        this.presenter = presenter;
        this.connectionId = connectionId;
        this.credentialEnv.putAll(existingRefs);
        messages.add(start);
    }

    SetupOutcome run() {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            ScriptRun run = flows.skills().run(skill, SkillScript.SETUP, messages, credentialEnv);
            if (run.isFailed()) {
                return fail(run.failure());
            }
            List<SetupStep> interactive = new ArrayList<>();
            boolean awaiting = false;
            for (ScriptEvent event : run.events()) {
                if (event instanceof ScriptEvent.Failed f) {
                    return fail(f.failure());
                }
                if (event instanceof ScriptEvent.Completed c) {
                    return complete(c.completion(), c.tokenExpiresAt());
                }
                if (event instanceof ScriptEvent.Step s) {
                    SetupStep step = s.step();
                    if (step instanceof SetupStep.Failure f) {
                        return fail(f.failure());
                    }
                    if (step instanceof SetupStep.Completion c) {
                        return complete(c, null);
                    }
                    if (step instanceof SetupStep.Progress) {
                        showQuietly(step);
                    } else {
                        interactive.add(step);
                    }
                }
                if (event instanceof ScriptEvent.AwaitInput) {
                    awaiting = true;
                    break;
                }
            }
            if (!awaiting || interactive.isEmpty()) {
                return fail(ConnectionFailure.unknown(skill.name(), "setup script stopped without a result"));
            }
            for (SetupStep step : interactive) {
                ScriptMessage answer = ask(step);
                if (answer instanceof ScriptMessage.Cancel) {
                    return cancel();
                }
                messages.add(answer);
            }
        }
        return fail(ConnectionFailure.unknown(skill.name(), "setup script did not finish within "
                + MAX_ROUNDS + " rounds"));
    }

    /** Presents one interactive step; returns the step result to send, or a cancel. */
    private ScriptMessage ask(SetupStep step) {
        if (step instanceof SetupStep.SecureInput si) {
            String scriptRef = si.request().refId();
            SecureInputRequest request = flows.secureInput().register(scopeId, si.request(), flows.secureInputTtl());
            registeredRefs.add(request.refId());
            SetupStepResponse.Action action = presentSafely(new SetupStep.SecureInput(request));
            if (action == SetupStepResponse.Action.CANCEL) {
                return new ScriptMessage.Cancel();
            }
            if (action == SetupStepResponse.Action.DONE && flows.secureInput().isStored(request.refId())) {
                String secretRef = SecureInputRegistry.secretRef(request.refId());
                credentialEnv.put(envName(scriptRef), secretRef);
                return new ScriptMessage.StepResult(step.stepType(), action, scriptRef, secretRef);
            }
            SetupStepResponse.Action reported = action == SetupStepResponse.Action.DONE
                    ? SetupStepResponse.Action.RETRY : action;
            return new ScriptMessage.StepResult(step.stepType(), reported, scriptRef, null);
        }
        SetupStepResponse.Action action = presentSafely(step);
        return action == SetupStepResponse.Action.CANCEL
                ? new ScriptMessage.Cancel() : new ScriptMessage.StepResult(step.stepType(), action, null, null);
    }

    private SetupStepResponse.Action presentSafely(SetupStep step) {
        try {
            SetupStepResponse response = presenter.present(scopeId, step, flows.cardTimeout());
            if (response == null || !response.stepType().equals(step.stepType())) {
                return SetupStepResponse.Action.CANCEL;
            }
            return response.action();
        } catch (RuntimeException e) {
            LOG.warn("setup card for skill {} failed ({}); treated as cancel", skill.name(),
                    e.getClass().getSimpleName());
            return SetupStepResponse.Action.CANCEL;
        }
    }

    private void showQuietly(SetupStep step) {
        try {
            presenter.show(scopeId, step);
        } catch (RuntimeException e) {
            LOG.warn("setup card for skill {} could not be shown ({})", skill.name(), e.getClass().getSimpleName());
        }
    }

    private SetupOutcome complete(SetupStep.Completion completion, @Nullable Instant tokenExpiresAt) {
        if (!completion.success()) {
            return fail(ConnectionFailure.unknown(skill.name(), "setup did not succeed"));
        }
        List<String> excess = PermissionBound.excess(completion.permissionsGranted(), current, start,
                skill.availablePermissions());
        if (!excess.isEmpty()) {
            AuditData data = AuditData.create();
            data.put("skill", skill.name());
            data.scopeId(scopeId);
            data.connection(connectionId);
            data.put("reported", completion.permissionsGranted());
            data.put("excess", excess);
            flows.audit().append(ConnectionManager.EVENT_PERMISSIONS_EXCEEDED, data);
            return fail(ConnectionFailure.unknown(skill.name(), "the setup script reported permissions that "
                    + "were not requested or are not offered by the skill: " + excess + "; nothing was stored"));
        }
        ScriptRun probe = flows.skills().run(skill, SkillScript.PROBE,
                List.of(new ScriptMessage.Invoke(connectionId, skill.name())), credentialEnv);
        if (probe.isFailed()) {
            return fail(probe.failure());
        }
        if (!HealthProbes.resultFlag(probe, "ok")) {
            List<ScriptEvent.Failed> reported = probe.eventsOf(ScriptEvent.Failed.class);
            return fail(reported.isEmpty() ? ConnectionFailure.unknown(skill.name(), "connection probe failed")
                    : reported.get(0).failure());
        }
        showQuietly(completion);
        return new SetupOutcome.Proposed(new ConnectionProposal(connectionId, skill.name(), scopeId, flows.domain(),
                skill.authStrategy(), completion.permissionsGranted(), skill.availablePermissions(),
                tokenExpiresAt, credentialEnv, completion.summary()));
    }

    private SetupOutcome cancel() {
        messages.add(new ScriptMessage.Cancel());
        flows.skills().run(skill, SkillScript.SETUP, messages, credentialEnv);
        discardSecrets();
        flows.audit().append(ConnectionManager.EVENT_SETUP_CANCELLED, AuditData.create().put("skill", skill.name())
                .scopeId(scopeId));
        return new SetupOutcome.Cancelled();
    }

    private SetupOutcome fail(ConnectionFailure failure) {
        discardSecrets();
        flows.audit().append(ConnectionManager.EVENT_SETUP_FAILED, AuditData.create().put("skill", skill.name())
                .scopeId(scopeId).put("failure_type", RegisteredConnections.wire(failure.failureType())));
        return new SetupOutcome.Failed(failure);
    }

    private void discardSecrets() {
        registeredRefs.forEach(flows.secureInput()::discard);
        credentialEnv.clear();
    }

    /** {@code CREDENTIAL_REF_} plus the script's ref id in upper case, other characters as {@code _}. */
    private static String envName(String scriptRef) {
        return SkillScripts.CREDENTIAL_REF_PREFIX
                + scriptRef.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }
}
