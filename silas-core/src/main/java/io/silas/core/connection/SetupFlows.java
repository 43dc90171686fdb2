package io.silas.core.connection;

import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Setup conversations ({@link SetupFlow}) and the failure cards that follow a failed one: a new connection's
 * setup, and the re-authentication of escalation and reconnect.
 */
final class SetupFlows {
    private final SkillScripts skills;
    private final SecureInputRegistry secureInput;
    private final AuditLog audit;
    private final IdGenerator ids;
    private final Duration secureInputTtl;
    private final String domain;
    private final RecoveryChips chips;

    SetupFlows(SkillScripts skills, SecureInputRegistry secureInput, AuditLog audit, IdGenerator ids,
               Duration secureInputTtl, String domain, RecoveryChips chips) {
        this.skills = skills;
        this.secureInput = secureInput;
        this.audit = audit;
        this.ids = ids;
        this.secureInputTtl = secureInputTtl;
        this.domain = domain;
        this.chips = chips;
    }

    /** {@link ConnectionManager#runSetupFlow}: a new connection id, the skill's initial permissions. */
    SetupOutcome start(String skillName, String scopeId, SetupCardPresenter presenter) {
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonNull(presenter, "presenter");
        ConnectionSkill skill = skillName == null ? null : skills.find(skillName).orElse(null);
        if (skill == null) {
            return new SetupOutcome.Failed(ConnectionFailure.unknown("connection", "connection skill not found"));
        }
        String connectionId = "conn-" + ids.next();
        return runWithRecovery(skill, scopeId, presenter, connectionId,
                new ScriptMessage.Start(skill.authStrategy(), skill.initialPermissions(), List.of(), null), Map.of(),
                List.of());
    }

    /**
     * One setup conversation without failure cards; {@code existingRefs} are the refs a re-auth already holds,
     * {@code current} the permissions the connection already has (empty for a new connection).
     */
    SetupOutcome run(ConnectionSkill skill, String scopeId, SetupCardPresenter presenter, String connectionId,
                     ScriptMessage.Start start, Map<String, String> existingRefs, List<String> current) {
        return new SetupFlow(this, skill, scopeId, presenter, connectionId, start, existingRefs, current).run();
    }

    /**
     * Runs a setup flow; when it fails, offers the failure card and follows the chip the user taps (blocking, like
     * the rest of setup): {@code retry}/{@code reconnect} run the flow again, {@code retry_fewer_permissions} asks
     * for the first initial permission only, {@code use_personal_account} passes {@code identity_hint: personal};
     * {@code draft_it_request} drafts the IT request; anything else ends the flow as failed. At most
     * {@value RecoveryChips#MAX_RECOVERY_CARDS} cards per flow; the last failure after that is shown without chips.
     */
    SetupOutcome runWithRecovery(ConnectionSkill skill, String scopeId, SetupCardPresenter presenter,
                                 String connectionId, ScriptMessage.Start start, Map<String, String> existingRefs,
                                 List<String> current) {
        ScriptMessage.Start next = start;
        String retried = null;
        for (int cards = 0; ; cards++) {
            SetupOutcome outcome = run(skill, scopeId, presenter, connectionId, next, existingRefs, current);
            if (retried != null) {
                chips.record(new RecoveryOutcome(skill.name(), null, retried, outcome instanceof
                        SetupOutcome.Proposed ? RecoveryOutcome.Result.SUCCEEDED : RecoveryOutcome.Result.FAILED,
                        null));
            }
            if (!(outcome instanceof SetupOutcome.Failed failed)) {
                return outcome;
            }
            ConnectionFailure shown = RecoveryOptions.withOptions(failed.failure());
            if (cards >= RecoveryChips.MAX_RECOVERY_CARDS) {
                RecoveryChips.showQuietly(presenter, scopeId, skill.name(), new SetupStep.Failure(shown));
                return outcome;
            }
            String action = chips.awaitChoice(presenter, scopeId, shown);
            switch (action) {
                case RecoveryChips.RETRY, RecoveryChips.RECONNECT -> next = start;
                case RecoveryChips.RETRY_FEWER_PERMISSIONS -> next = new ScriptMessage.Start(start.authStrategy(),
                        start.initialPermissions().isEmpty() ? List.of() : start.initialPermissions().subList(0, 1),
                        List.of(), start.identityHint());
                case RecoveryChips.USE_PERSONAL_ACCOUNT -> next = new ScriptMessage.Start(start.authStrategy(),
                        start.initialPermissions(), start.incrementalScopes(), RecoveryChips.PERSONAL);
                default -> {
                    chips.record(chips.endWithoutRetry(skill.name(), null, action, shown, skill.initialPermissions()));
                    return outcome;
                }
            }
            retried = action;
        }
    }

    SkillScripts skills() {
        return skills;
    }

    SecureInputRegistry secureInput() {
        return secureInput;
    }

    AuditLog audit() {
        return audit;
    }

    Duration cardTimeout() {
        return chips.cardTimeout();
    }

    Duration secureInputTtl() {
        return secureInputTtl;
    }

    String domain() {
        return domain;
    }
}
