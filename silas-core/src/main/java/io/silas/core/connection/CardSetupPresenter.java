package io.silas.core.connection;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.BrowserRedirectCard;
import io.silas.core.channel.Card;
import io.silas.core.channel.CardAction;
import io.silas.core.channel.CardAnswer;
import io.silas.core.channel.CardAudit;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.CompletionCard;
import io.silas.core.channel.ConnectionFailureCard;
import io.silas.core.channel.DeviceCodeCard;
import io.silas.core.channel.OwnerApprovals;
import io.silas.core.channel.OwnerChannel;
import io.silas.core.channel.PermissionEscalationCard;
import io.silas.core.channel.ProgressCard;
import io.silas.core.channel.SecureInputCard;
import io.silas.core.error.Checks;
import io.silas.core.vocabulary.RiskLevel;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The setup and escalation cards of a connection flow over a {@link CardPrompter} (rich cards or the text
 * fallback): maps each {@link SetupStep} to its card ({@link DeviceCodeCard}, {@link BrowserRedirectCard},
 * {@link SecureInputCard}, {@link ProgressCard}, {@link CompletionCard}, {@link ConnectionFailureCard}) and a
 * {@link PermissionEscalationRequest} to a {@link PermissionEscalationCard}, and the answer back.
 *
 * <p><b>Answers.</b> A user's {@code done}/{@code trouble} becomes that {@link SetupStepResponse.Action}; anything
 * defaulted (timeout, disconnect, invalid reply, delivery failure) or {@code cancel} becomes {@code CANCEL}. On the
 * escalation card {@code approve} issues a {@code connection_manage} token and {@code just_this_once} a
 * {@code connection_act} token for {@link PermissionEscalationRequest#approvalWorkItem()} through the
 * {@link ApprovalEngine} (the owner's tap is the approval); every other outcome is {@link EscalationDecision.Deny}.
 * {@link #show} sends an informational card and closes it at once, so it never waits and never captures a text
 * reply meant for a later card. {@link #offerRecovery} sends the failure card with its recovery chips and resolves
 * to the chip the owner tapped; anything defaulted resolves to {@code skip}. Every card resolved by a timeout, a
 * failed delivery or a disconnect is audited ({@code card_defaulted}, with its {@code error_code}).
 *
 * <p>Blocking: {@link #present} and {@link #decide} wait for the prompter, which always resolves by the card's
 * timeout; as a last guard they give up {@value #GRACE_SECONDS} s after it (cancel / deny). Thread-safe if the
 * prompter is.
 *
 * <p><b>Security guarantees:</b> cards carry ref ids, codes, URLs and scope names, never a secret; a secure-input
 * card on a plain channel carries a link holding only the ref id. Every card of every scope (activation, permission
 * escalation, recovery, and the informational steps) goes to the owner's primary connection ({@link #forOwner} is
 * the only factory), and only an owner-authenticated answer ({@link CardAnswer#ownerAuthenticated()}: a tap on that
 * connection or an owner-signed text reply) counts; a customer's tap, or anything else, is cancel / deny / skip, so
 * no token is issued and no connection state changes from it.
 */
public final class CardSetupPresenter implements PermissionEscalationPresenter {
    private static final Logger LOG = LoggerFactory.getLogger(CardSetupPresenter.class);
    /** Seconds after a card's timeout after which the presenter stops waiting for the prompter. */
    public static final int GRACE_SECONDS = 30;
    private static final int INFO_TIMEOUT_SECONDS = 60;

    private final CardPrompter prompter;
    private final OwnerChannel owner;
    private final OwnerApprovals approvals;
    private final Function<String, @Nullable String> secureInputLink;
    private final IdGenerator ids;
    private final AuditLog audit;

    private CardSetupPresenter(CardPrompter prompter, OwnerChannel owner, ApprovalEngine approvals,
                               Function<String, @Nullable String> secureInputLink, IdGenerator ids, AuditLog audit) {
        this.prompter = Checks.nonNull(prompter, "prompter");
        this.owner = Checks.nonNull(owner, "owner");
        this.approvals = OwnerApprovals.over(Checks.nonNull(approvals, "approvals"));
        this.secureInputLink = Checks.nonNull(secureInputLink, "secure_input_link");
        this.ids = Checks.nonNull(ids, "ids");
        this.audit = audit;
    }

    /**
     * A presenter sending every card of every scope's flow to the owner's primary connection: connection activation,
     * permission escalation and recovery are approvals (a token is signed or a connection's state changes from the
     * answer), asked of the owner only, whatever scope the connection serves; every card resolved by a timeout, a
     * failed delivery or a disconnect is audited as {@value CardAudit#EVENT_CARD_DEFAULTED} with its
     * {@code error_code} ({@code CHANNEL_TIMEOUT} / {@code CHANNEL_FAILURE}).
     *
     * <p><b>Security guarantees:</b> there is no way to address these cards to another recipient (a customer scope's
     * connection, the sender), so a tap counted as owner-authenticated ({@link CardAnswer#ownerAuthenticated()}) is
     * always a tap on the owner's connection.
     *
     * @param owner the owner's connections (the same as {@code Stream.builder().ownerConnections(..)})
     * @param secureInputLink the link a plain channel shows for a ref id (e.g. {@code https://host/secrets/<ref>});
     *     must embed only the ref id; returns null (or use {@code ref -> null}) when the channel renders forms
     * @param prompter asks for fresh approvals (paused tool calls, spawned tasks)
     * @param approvals the approval engine that signed the plan tokens
     * @param audit the audit log
     * @return the card setup presenter
     */
    public static CardSetupPresenter forOwner(CardPrompter prompter, OwnerChannel owner, ApprovalEngine approvals,
                                              Function<String, @Nullable String> secureInputLink, AuditLog audit) {
        return new CardSetupPresenter(prompter, owner, approvals, secureInputLink, IdGenerator.random(),
                Checks.nonNull(audit, "audit"));
    }

    @Override
    public SetupStepResponse present(String scopeId, SetupStep step, Duration timeout) {
        Checks.nonNull(step, "step");
        Checks.nonNull(timeout, "timeout");
        Card card = card(step, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds())));
        CardAnswer answer = audited(scopeId, card, await(prompter.prompt(recipient(scopeId), card), card));
        return new SetupStepResponse(step.stepType(), action(answer));
    }

    @Override
    public void show(String scopeId, SetupStep step) {
        Checks.nonNull(step, "step");
        String recipient = recipient(scopeId);
        Card card = card(step, INFO_TIMEOUT_SECONDS);
        CompletableFuture<CardAnswer> shown = prompter.prompt(recipient, card);
        prompter.answer(recipient, card.cardId(), card.safeValue());
        shown.thenAccept(answer -> audited(scopeId, card, answer));
    }

    @Override
    public CompletionStage<String> offerRecovery(String scopeId, ConnectionFailure failure, Duration timeout) {
        Checks.nonNull(failure, "failure");
        Checks.nonNull(timeout, "timeout");
        Card card = card(new SetupStep.Failure(failure), (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                timeout.toSeconds())));
        List<String> offered = failure.optionsWithSkip().stream().map(RecoveryOption::action).toList();
        return prompter.prompt(recipient(scopeId), card).handle((answer, error) ->
                error == null && audited(scopeId, card, answer).ownerAuthenticated() && offered.contains(answer.value())
                        ? answer.value() : RecoveryOption.SKIP);
    }

    @Override
    public EscalationDecision decide(String scopeId, PermissionEscalationRequest request, Duration timeout) {
        Checks.nonNull(request, "request");
        Checks.nonNull(timeout, "timeout");
        PermissionEscalationCard card = PermissionEscalationCard.of(ids.next(), request.connectionId(),
                request.connectionName(), request.currentPermissions(), request.requestedPermissions(),
                request.riskLevel() == PermissionEscalationRequest.Risk.HIGH ? RiskLevel.HIGH : RiskLevel.MEDIUM,
                request.reason(), (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds())));
        CardAnswer answer = audited(scopeId, card, await(prompter.prompt(recipient(scopeId), card), card));
        ApprovalDecision decision = OwnerApprovals.decision(answer,
                a -> PermissionEscalationCard.APPROVE.equals(a.value())
                        || PermissionEscalationCard.JUST_THIS_ONCE.equals(a.value()));
        boolean once = PermissionEscalationCard.JUST_THIS_ONCE.equals(answer.value());
        return approvals.issue(request.approvalWorkItem(),
                        once ? ApprovalScope.CONNECTION_ACT : ApprovalScope.CONNECTION_MANAGE, decision)
                .<EscalationDecision>map(token -> once ? new EscalationDecision.JustThisOnce(token)
                        : new EscalationDecision.Approve(token))
                .orElseGet(EscalationDecision.Deny::new);
    }

    /** The card showing {@code step}. */
    Card card(SetupStep step, int timeoutSeconds) {
        String id = ids.next();
        if (step instanceof SetupStep.DeviceCode d) {
            return DeviceCodeCard.of(id, "the service", d.verificationUrl(), d.userCode(), d.expiresIn(),
                    timeoutSeconds);
        }
        if (step instanceof SetupStep.BrowserRedirect b) {
            return BrowserRedirectCard.of(id, "the service", b.authUrl(), timeoutSeconds);
        }
        if (step instanceof SetupStep.SecureInput s) {
            SecureInputRequest r = s.request();
            return SecureInputCard.of(id, r.refId(), r.label(), r.inputHint(), r.guidance().instructions(),
                    r.guidance().helpUrl(), secureInputLink.apply(r.refId()), timeoutSeconds);
        }
        if (step instanceof SetupStep.Progress p) {
            return ProgressCard.of(id, "the service", p.message(), p.progressPct(), timeoutSeconds);
        }
        if (step instanceof SetupStep.Completion c) {
            return CompletionCard.of(id, "the service", c.success(), c.summary(), c.permissionsGranted(),
                    timeoutSeconds);
        }
        ConnectionFailure f = ((SetupStep.Failure) step).failure();
        List<CardAction> chips = f.optionsWithSkip().stream()
                .map(o -> new CardAction(o.action(), o.label())).toList();
        return ConnectionFailureCard.of(id, f.failureType().name().toLowerCase(Locale.ROOT), f.service(),
                f.message(), chips, timeoutSeconds);
    }

    private static SetupStepResponse.Action action(CardAnswer answer) {
        if (!answer.ownerAuthenticated()) {
            return SetupStepResponse.Action.CANCEL;
        }
        return switch (answer.value()) {
            case DeviceCodeCard.DONE -> SetupStepResponse.Action.DONE;
            case DeviceCodeCard.TROUBLE -> SetupStepResponse.Action.TROUBLE;
            default -> SetupStepResponse.Action.CANCEL;
        };
    }

    /** The answer, after auditing it when it is a channel-side default. */
    private CardAnswer audited(String scopeId, Card card, CardAnswer answer) {
        CardAudit.defaulted(audit, scopeId, card, answer);
        return answer;
    }

    /** The owner's primary connection: every card of every scope goes there. */
    private String recipient(String scopeId) {
        Checks.nonBlank(scopeId, "scope_id");
        return owner.primary();
    }

    /** The prompter's answer; the safe value if it does not come within the card's timeout plus grace. */
    private static CardAnswer await(CompletableFuture<CardAnswer> future, Card card) {
        try {
            return future.get(card.timeoutSeconds() + (long) GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("card {} got no answer ({}); applying its safe value", card.cardId(),
                    e.getClass().getSimpleName());
        }
        return new CardAnswer(card.cardId(), card.safeValue(), CardAnswer.Source.TIMEOUT);
    }
}
