package io.silas.core.connection;

import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chips of a failure card ({@link RecoveryOptions}): waiting for the tapped one, the outcome of a chip that does
 * not retry, and the audited record of every recovery handed to the host's sink.
 */
final class RecoveryChips {
    /** Failure cards with recovery chips per failure episode; beyond this, failures are shown without waiting. */
    static final int MAX_RECOVERY_CARDS = 3;
    static final String PERSONAL = "personal";
    static final String RETRY = "retry";
    static final String RETRY_LATER = "retry_later";
    static final String RETRY_FEWER_PERMISSIONS = "retry_fewer_permissions";
    static final String RECONNECT = "reconnect";
    static final String USE_PERSONAL_ACCOUNT = "use_personal_account";
    static final String DRAFT_IT_REQUEST = "draft_it_request";

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryChips.class);

    private final AuditLog audit;
    private final IdGenerator ids;
    private final String domain;
    private final Duration cardTimeout;
    private final Consumer<RecoveryOutcome> recoveries;

    RecoveryChips(AuditLog audit, IdGenerator ids, String domain, Duration cardTimeout,
                  Consumer<RecoveryOutcome> recoveries) {
        this.audit = audit;
        this.ids = ids;
        this.domain = domain;
        this.cardTimeout = cardTimeout;
        this.recoveries = recoveries;
    }

    Duration cardTimeout() {
        return cardTimeout;
    }

    /** How long to wait for a tap: the card's timeout plus the presenter's grace. */
    long answerWaitSeconds() {
        return cardTimeout.toSeconds() + CardSetupPresenter.GRACE_SECONDS;
    }

    /** Blocks for the tapped chip of a failure card; anything but one of its options (or no answer) is skip. */
    String awaitChoice(SetupCardPresenter presenter, String scopeId, ConnectionFailure shown) {
        try {
            String action = presenter.offerRecovery(scopeId, shown, cardTimeout).toCompletableFuture()
                    .get(answerWaitSeconds(), TimeUnit.SECONDS);
            return offered(action, shown);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("failure card for skill {} got no answer ({}); treated as skip", shown.service(),
                    e.getClass().getSimpleName());
        }
        return RecoveryOption.SKIP;
    }

    /** The tapped action if the card offered it, else skip. */
    static String offered(@Nullable String action, ConnectionFailure shown) {
        return action != null && shown.recoveryOptions().stream().anyMatch(o -> o.action().equals(action))
                ? action : RecoveryOption.SKIP;
    }

    /** The outcome of a chip that does not retry: a drafted IT request, a deferral, or skip. */
    RecoveryOutcome endWithoutRetry(String skillName, @Nullable String connectionId, String action,
                                    ConnectionFailure failure, List<String> permissions) {
        if (action.equals(DRAFT_IT_REQUEST)) {
            return new RecoveryOutcome(skillName, connectionId, action, RecoveryOutcome.Result.DRAFTED,
                    ItRequestDraft.workItem("it-request-" + ids.next(), skillName, domain, failure, permissions));
        }
        return new RecoveryOutcome(skillName, connectionId, action, action.equals(RETRY_LATER)
                ? RecoveryOutcome.Result.DEFERRED : RecoveryOutcome.Result.SKIPPED, null);
    }

    /** Audits {@value ConnectionManager#EVENT_RECOVERY} and hands the outcome to the host's sink. */
    void record(RecoveryOutcome outcome) {
        AuditData data = AuditData.create();
        data.put("skill", outcome.skillName());
        if (outcome.connectionId() != null) {
            data.connection(outcome.connectionId());
        }
        data.put("action", outcome.action());
        data.put("result", RegisteredConnections.wire(outcome.result()));
        if (outcome.itRequest() != null) {
            data.workItem(outcome.itRequest().id());
        }
        audit.append(ConnectionManager.EVENT_RECOVERY, data);
        try {
            recoveries.accept(outcome);
        } catch (RuntimeException e) {
            LOG.warn("recovery outcome for skill {} could not be delivered ({})", outcome.skillName(),
                    e.getClass().getSimpleName());
        }
    }

    /** Shows a card that needs no answer; a presenter that throws is logged, never propagated. */
    static void showQuietly(SetupCardPresenter presenter, String scopeId, String skillName, SetupStep step) {
        try {
            presenter.show(scopeId, step);
        } catch (RuntimeException e) {
            LOG.warn("card for skill {} could not be shown ({})", skillName, e.getClass().getSimpleName());
        }
    }
}
