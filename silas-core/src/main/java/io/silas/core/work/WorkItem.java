package io.silas.core.work;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.approval.PlanSubject;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import io.silas.core.gate.AccessLevel;
import io.silas.core.gate.Gate;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.vocabulary.WorkItemType;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The universal unit of work — task, project or goal (docs/contracts.md#work-items-and-plans). Every component is
 * either approved plan content, hashed by {@code PlanHashes.planHash}, or runtime state ({@link #RUNTIME_STATE}: token,
 * approval flag, status, attempts, budget used, verification results, creation time) that the agent never controls and
 * that never changes the plan hash. {@code scope_id} is set by the runtime but hashed (when set): it decides where
 * {@code follow_up_of} imports from.
 *
 * <p>Validation (docs/contracts.md#work-items-and-plans): {@code task} and {@code project} must run on agent {@code
 * ephemeral}; a {@code goal} with schedule {@code always_on} defaults to agent {@code stream}, any other item to
 * {@code ephemeral}. {@code tasks} only on projects; {@code executor} only on tasks; gate and check names are
 * unique; {@code input_artifacts_from} is either {@code ["*"]} or a list of keys; {@code schedule} is
 * {@code always_on} or a five-field cron expression. Missing fields take the defaults of docs/plan-format.md (budget
 * defaults, interaction mode {@code confirm_only_when_required}, on_failure {@code report}, on_stuck
 * {@code consult_planner}, status {@code pending}, needs_approval true). {@code created_at} is set by the
 * runtime from its clock and may be null on a freshly parsed plan. {@code scope_id} is the conversation scope the
 * item belongs to, set by the runtime when it stores a proposal (null for items a host creates outside a
 * conversation); a plan cannot set it, and {@code follow_up_of} resolves only to an item of the same scope.
 *
 * <p>Immutable and thread-safe; state changes go through the {@code with...} methods or {@link #toBuilder()}.
 *
 * <p><b>Security guarantees:</b> every field that decides what runs — including {@code skills},
 * {@code gates}, {@code verify} and {@code executor} — is covered by the plan hash, so changing any of them
 * after approval invalidates the token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(builder = WorkItem.Builder.class)
public record WorkItem(
        String id,
        WorkItemType type,
        String title,
        @Nullable String parent,
        @Nullable String spawnedBy,
        @Nullable String followUpOf,
        @Nullable String domain,
        AgentLane agent,
        Budget budget,
        String body,
        InteractionMode interactionMode,
        List<String> inputArtifactsFrom,
        List<VerificationCheck> verify,
        List<Gate> gates,
        List<String> skills,
        Map<String, AccessLevel> accessLevels,
        Map<String, EscalationAction> escalation,
        @Nullable String schedule,
        String onFailure,
        String onStuck,
        @Nullable String failureContext,
        List<String> tasks,
        List<String> dependsOn,
        @Nullable DirectExecutor executor,
        @Nullable ApprovalToken approvalToken,
        boolean needsApproval,
        WorkItemStatus status,
        int attempts,
        BudgetUsed budgetUsed,
        List<VerificationResult> verificationResults,
        @Nullable Instant createdAt,
        @Nullable String scopeId) implements PlanSubject {

    /** The schedule value of a continuously running goal. */
    public static final String ALWAYS_ON = "always_on";
    /** Default on failure ({@value}). */
    public static final String DEFAULT_ON_FAILURE = "report";
    /** Default on stuck ({@value}). */
    public static final String DEFAULT_ON_STUCK = "consult_planner";
    /** The {@code input_artifacts_from} entry meaning "import every artifact". */
    public static final String ALL_ARTIFACTS = "*";
    /**
     * The record components that are runtime state: set and changed by the runtime, never by a plan, and never
     * part of the plan hash. Every other component is approved plan content and hashed by
     * {@code PlanHashes.planHash}; a test over the record's components keeps the two sets complete.
     */
    public static final java.util.Set<String> RUNTIME_STATE = java.util.Set.of("approvalToken", "needsApproval",
            "status", "attempts", "budgetUsed", "verificationResults", "createdAt");

    private static final Pattern CRON_FIELD = Pattern.compile("[0-9A-Za-z*/,?#\\-]+");

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param id                  the id
     * @param type                the type
     * @param title               the title
     * @param parent              the parent
     * @param spawnedBy           the spawned by
     * @param followUpOf          the earlier item whose artifacts are imported, if any
     * @param domain              domain tag, e.g. {@code personal}, {@code business:acme}
     * @param agent               the agent
     * @param budget              the budget
     * @param body                the body
     * @param interactionMode     proposed mode; the effective mode is resolved by {@code InteractionModes}
     * @param inputArtifactsFrom  the input artifacts from
     * @param verify              the verify
     * @param gates               the gates the plan carries (system gates of the host are not part of a plan)
     * @param skills              the skills the plan uses
     * @param accessLevels        the access levels
     * @param escalation          the escalation
     * @param schedule            the schedule of a goal, if any
     * @param onFailure           the on failure
     * @param onStuck             the on stuck
     * @param failureContext      the failure context
     * @param tasks               the tasks
     * @param dependsOn           the depends on
     * @param executor            the executor
     * @param approvalToken       the approval token
     * @param needsApproval       the agent's request for approval (never an authorisation)
     * @param status              how the call ended
     * @param attempts            the attempts
     * @param budgetUsed          the budget used
     * @param verificationResults the verification results
     * @param createdAt           when the record was created
     * @param scopeId             the scope the call belongs to
     */
    public WorkItem {
        Checks.nonBlank(id, "id");
        noControlChars(id, "id");
        Checks.nonNull(type, "type");
        Checks.nonBlank(title, "title");
        Checks.nullOrNonBlank(parent, "parent");
        Checks.nullOrNonBlank(spawnedBy, "spawned_by");
        Checks.nullOrNonBlank(followUpOf, "follow_up_of");
        Checks.nullOrNonBlank(domain, "domain");
        Checks.nullOrNonBlank(scopeId, "scope_id");
        schedule = validSchedule(schedule);
        if (agent == null) {
            agent = type == WorkItemType.GOAL && ALWAYS_ON.equals(schedule) ? AgentLane.STREAM : AgentLane.EPHEMERAL;
        }
        if ((type == WorkItemType.TASK || type == WorkItemType.PROJECT) && agent != AgentLane.EPHEMERAL) {
            throw SilasException.invalid("agent", type.name().toLowerCase(java.util.Locale.ROOT)
                    + " work items must use agent 'ephemeral'");
        }
        budget = budget == null ? Budget.defaults() : budget;
        body = body == null ? "" : body;
        interactionMode = interactionMode == null ? InteractionMode.CONFIRM_ONLY_WHEN_REQUIRED : interactionMode;
        inputArtifactsFrom = Checks.distinctNames(inputArtifactsFrom, "input_artifacts_from");
        if (inputArtifactsFrom.contains(ALL_ARTIFACTS) && inputArtifactsFrom.size() > 1) {
            throw SilasException.invalid("input_artifacts_from", "'*' must be the only entry");
        }
        verify = Checks.indexedList(verify, "verify");
        uniqueNames(verify.stream().map(VerificationCheck::name).toList(), "verify");
        gates = Checks.indexedList(gates, "gates");
        uniqueNames(gates.stream().map(Gate::name).toList(), "gates");
        skills = Checks.distinctNames(skills, "skills");
        accessLevels = Checks.orderedMap(accessLevels, "access_levels");
        escalation = Checks.orderedMap(escalation, "escalation");
        onFailure = onFailure == null ? DEFAULT_ON_FAILURE : Checks.nonBlank(onFailure, "on_failure");
        onStuck = onStuck == null ? DEFAULT_ON_STUCK : Checks.nonBlank(onStuck, "on_stuck");
        tasks = Checks.distinctNames(tasks, "tasks");
        if (!tasks.isEmpty() && type != WorkItemType.PROJECT) {
            throw SilasException.invalid("tasks", "only projects have child tasks");
        }
        dependsOn = Checks.distinctNames(dependsOn, "depends_on");
        if (dependsOn.contains(id)) {
            throw SilasException.invalid("depends_on", "a work item cannot depend on itself");
        }
        if (executor != null && type != WorkItemType.TASK) {
            throw SilasException.invalid("executor", "direct execution is only for tasks");
        }
        status = status == null ? WorkItemStatus.PENDING : status;
        Checks.nonNegative(attempts, "attempts");
        budgetUsed = budgetUsed == null ? BudgetUsed.zero() : budgetUsed;
        verificationResults = Checks.indexedList(verificationResults, "verification_results");
    }

    /** The plan hash approvals bind ({@link PlanHashes#planHash}); runtime state never changes it. */
    @Override
    public String subjectHash() {
        return PlanHashes.planHash(this);
    }

    /** The spawn-policy hash a standing approval binds ({@link PlanHashes#spawnPolicyHash}). */
    @Override
    public String spawnPolicyHash() {
        return PlanHashes.spawnPolicyHash(this);
    }

    /**
     * Starts a work item with its identity; every other field takes its default.
     *
     * @param id the id
     * @param type the type
     * @param title the title
     * @return the builder
     */
    public static Builder builder(String id, WorkItemType type, String title) {
        return new Builder().id(id).type(type).title(title);
    }

    /** {@return a builder pre-filled with every field of this item} */
    public Builder toBuilder() {
        return new Builder().id(id).type(type).title(title).parent(parent).spawnedBy(spawnedBy)
                .followUpOf(followUpOf).domain(domain).agent(agent).budget(budget).body(body)
                .interactionMode(interactionMode).inputArtifactsFrom(inputArtifactsFrom).verify(verify).gates(gates)
                .skills(skills).accessLevels(accessLevels).escalation(escalation).schedule(schedule)
                .onFailure(onFailure).onStuck(onStuck).failureContext(failureContext).tasks(tasks)
                .dependsOn(dependsOn).executor(executor).approvalToken(approvalToken).needsApproval(needsApproval)
                .status(status).attempts(attempts).budgetUsed(budgetUsed).verificationResults(verificationResults)
                .createdAt(createdAt).scopeId(scopeId);
    }

    /**
     * {@return a copy with status replaced}
     *
     * @param newStatus the new status
     */
    public WorkItem withStatus(WorkItemStatus newStatus) {
        return toBuilder().status(newStatus).build();
    }

    /**
     * {@return a copy with approval token replaced}
     *
     * @param token the token
     */
    public WorkItem withApprovalToken(@Nullable ApprovalToken token) {
        return toBuilder().approvalToken(token).build();
    }

    /**
     * {@return a copy with needs approval replaced}
     *
     * @param value the new value
     */
    public WorkItem withNeedsApproval(boolean value) {
        return toBuilder().needsApproval(value).build();
    }

    /**
     * {@return a copy with attempts replaced}
     *
     * @param newAttempts the new attempts
     */
    public WorkItem withAttempts(int newAttempts) {
        return toBuilder().attempts(newAttempts).build();
    }

    /**
     * {@return a copy with budget used replaced}
     *
     * @param used the used
     */
    public WorkItem withBudgetUsed(BudgetUsed used) {
        return toBuilder().budgetUsed(used).build();
    }

    /**
     * Appends verification results to the history.
     *
     * @param more the more
     * @return the work item
     */
    public WorkItem withVerificationResults(List<VerificationResult> more) {
        List<VerificationResult> all = new java.util.ArrayList<>(verificationResults);
        all.addAll(more);
        return toBuilder().verificationResults(all).build();
    }

    /**
     * {@return the item with the turn's resolved interaction mode (docs/contracts.md#stream-and-turns step 12: persisted on the work item)}
     *
     * @param mode the mode resolved by {@code InteractionModes.resolve}; {@code null} before routing
     */
    public WorkItem withInteractionMode(InteractionMode mode) {
        return toBuilder().interactionMode(mode).build();
    }

    /**
     * {@return a copy with created at replaced}
     *
     * @param at when it happened (executor clock)
     */
    public WorkItem withCreatedAt(Instant at) {
        return toBuilder().createdAt(at).build();
    }

    /**
     * {@return a copy with another id; the runtime assigns ids, a plan's id is only a proposal}
     *
     * @param newId the new id
     */
    public WorkItem withId(String newId) {
        return toBuilder().id(newId).build();
    }

    private static void noControlChars(String value, String field) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw SilasException.invalid(field, "must not contain control characters");
            }
        }
    }

    private static void uniqueNames(List<String> names, String field) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw SilasException.invalid(field, "duplicate name '" + n + "'");
            }
        }
    }

    private static @Nullable String validSchedule(@Nullable String schedule) {
        if (schedule == null || ALWAYS_ON.equals(schedule)) {
            return schedule;
        }
        String[] fields = schedule.strip().split("\\s+");
        if (fields.length != 5) {
            throw SilasException.invalid("schedule", "must be 'always_on' or a five-field cron expression");
        }
        for (String f : fields) {
            if (!CRON_FIELD.matcher(f).matches()) {
                throw SilasException.invalid("schedule", "invalid cron field '" + f + "'");
            }
        }
        return schedule;
    }

    /** Fluent builder; also the JSON/YAML reader (missing fields take their defaults). Not thread-safe. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private @Nullable String id;
        private @Nullable WorkItemType type;
        private @Nullable String title;
        private @Nullable String parent;
        private @Nullable String spawnedBy;
        private @Nullable String followUpOf;
        private @Nullable String domain;
        private @Nullable AgentLane agent;
        private @Nullable Budget budget;
        private @Nullable String body;
        private @Nullable InteractionMode interactionMode;
        private @Nullable List<String> inputArtifactsFrom;
        private @Nullable List<VerificationCheck> verify;
        private @Nullable List<Gate> gates;
        private @Nullable List<String> skills;
        private @Nullable Map<String, AccessLevel> accessLevels;
        private @Nullable Map<String, EscalationAction> escalation;
        private @Nullable String schedule;
        private @Nullable String onFailure;
        private @Nullable String onStuck;
        private @Nullable String failureContext;
        private @Nullable List<String> tasks;
        private @Nullable List<String> dependsOn;
        private @Nullable DirectExecutor executor;
        private @Nullable ApprovalToken approvalToken;
        private boolean needsApproval = true;
        private @Nullable WorkItemStatus status;
        private int attempts;
        private @Nullable BudgetUsed budgetUsed;
        private @Nullable List<VerificationResult> verificationResults;
        private @Nullable Instant createdAt;
        private @Nullable String scopeId;

        Builder() {
        }

        /**
         * Sets the id.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder id(@Nullable String value) {
            this.id = value;
            return this;
        }

        /**
         * Sets the type.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder type(@Nullable WorkItemType value) {
            this.type = value;
            return this;
        }

        /**
         * Sets the title.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder title(@Nullable String value) {
            this.title = value;
            return this;
        }

        /**
         * Sets the parent.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder parent(@Nullable String value) {
            this.parent = value;
            return this;
        }

        /**
         * Sets the spawned by.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder spawnedBy(@Nullable String value) {
            this.spawnedBy = value;
            return this;
        }

        /**
         * Sets the follow up of.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder followUpOf(@Nullable String value) {
            this.followUpOf = value;
            return this;
        }

        /**
         * Sets the domain.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder domain(@Nullable String value) {
            this.domain = value;
            return this;
        }

        /**
         * Sets the agent.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder agent(@Nullable AgentLane value) {
            this.agent = value;
            return this;
        }

        /**
         * Sets the budget.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder budget(@Nullable Budget value) {
            this.budget = value;
            return this;
        }

        /**
         * Sets the body.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder body(@Nullable String value) {
            this.body = value;
            return this;
        }

        /**
         * Sets the interaction mode.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder interactionMode(@Nullable InteractionMode value) {
            this.interactionMode = value;
            return this;
        }

        /**
         * Sets the input artifacts from.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder inputArtifactsFrom(@Nullable List<String> value) {
            this.inputArtifactsFrom = value;
            return this;
        }

        /**
         * Sets the verify.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder verify(@Nullable List<VerificationCheck> value) {
            this.verify = value;
            return this;
        }

        /**
         * Sets the gates.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder gates(@Nullable List<Gate> value) {
            this.gates = value;
            return this;
        }

        /**
         * Sets the skills.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder skills(@Nullable List<String> value) {
            this.skills = value;
            return this;
        }

        /**
         * Sets the access levels.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder accessLevels(@Nullable Map<String, AccessLevel> value) {
            this.accessLevels = value;
            return this;
        }

        /**
         * Sets the escalation.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder escalation(@Nullable Map<String, EscalationAction> value) {
            this.escalation = value;
            return this;
        }

        /**
         * Sets the schedule.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder schedule(@Nullable String value) {
            this.schedule = value;
            return this;
        }

        /**
         * Sets the on failure.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder onFailure(@Nullable String value) {
            this.onFailure = value;
            return this;
        }

        /**
         * Sets the on stuck.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder onStuck(@Nullable String value) {
            this.onStuck = value;
            return this;
        }

        /**
         * Sets the failure context.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder failureContext(@Nullable String value) {
            this.failureContext = value;
            return this;
        }

        /**
         * Sets the tasks.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder tasks(@Nullable List<String> value) {
            this.tasks = value;
            return this;
        }

        /**
         * Sets the depends on.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder dependsOn(@Nullable List<String> value) {
            this.dependsOn = value;
            return this;
        }

        /**
         * Sets the executor.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder executor(@Nullable DirectExecutor value) {
            this.executor = value;
            return this;
        }

        /**
         * Sets the approval token.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder approvalToken(@Nullable ApprovalToken value) {
            this.approvalToken = value;
            return this;
        }

        /**
         * Sets the needs approval.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder needsApproval(@Nullable Boolean value) {
            this.needsApproval = value == null || value;
            return this;
        }

        /**
         * Sets the status.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder status(@Nullable WorkItemStatus value) {
            this.status = value;
            return this;
        }

        /**
         * Sets the attempts.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder attempts(@Nullable Integer value) {
            this.attempts = value == null ? 0 : value;
            return this;
        }

        /**
         * Sets the budget used.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder budgetUsed(@Nullable BudgetUsed value) {
            this.budgetUsed = value;
            return this;
        }

        /**
         * Sets the verification results.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder verificationResults(@Nullable List<VerificationResult> value) {
            this.verificationResults = value;
            return this;
        }

        /**
         * Sets the created at.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder createdAt(@Nullable Instant value) {
            this.createdAt = value;
            return this;
        }

        /**
         * Sets the scope id.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder scopeId(@Nullable String value) {
            this.scopeId = value;
            return this;
        }

        /** {@return the instance built from this builder's values} */
        public WorkItem build() {
            return new WorkItem(id, type, title, parent, spawnedBy, followUpOf, domain, agent, budget, body,
                    interactionMode, inputArtifactsFrom, verify, gates, skills, accessLevels, escalation, schedule,
                    onFailure, onStuck, failureContext, tasks, dependsOn, executor, approvalToken, needsApproval,
                    status, attempts, budgetUsed, verificationResults, createdAt, scopeId);
        }
    }
}
