package io.silas.core.stream;

import io.silas.core.audit.AuditData;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.observe.SilasMeter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Admission control in front of the per-scope workers (docs/contracts.md#admission-and-rate-limits, #health, #errors).
 * In order:
 * <ol>
 *   <li>while draining, every message is refused with {@code ADMISSION_SHUTTING_DOWN};</li>
 *   <li>the inbound rate limits ({@link RateLimits#inbound}) refuse with {@code ADMISSION_RATE_LIMITED};</li>
 *   <li>the bounded queues ({@link ConnectionWorkers}) refuse the newest message with {@code ADMISSION_BUSY}
 *       ({@value #REASON_BUSY}); owner traffic runs in the {@link ConnectionWorkers.Lane#OWNER} lane, so under global
 *       pressure non-owner traffic is shed first.</li>
 * </ol>
 * A refused message gets the code's deterministic {@link ErrorCode#userMessage() user message} as its reply on its
 * own connection, is audited once ({@value #EVENT_REJECTED}, or {@code rate_limited} for a limit), and its stage
 * fails with that {@link SilasException}: the turn pipeline never sees it, so nothing is chronicled and no turn
 * number is consumed. Thread-safe.
 */
final class Admission {
    static final String EVENT_REJECTED = "admission_rejected";
    static final String REASON_BUSY = "busy_retry";
    static final String REASON_SHUTTING_DOWN = "shutting_down";

    private final Basics deps;
    private final ConnectionWorkers workers;
    private final AtomicInteger rejectedWhileDraining = new AtomicInteger();
    private volatile boolean draining;

    Admission(Basics deps, ConnectionWorkers workers) {
        this.deps = deps;
        this.workers = workers;
    }

    /**
     * Admits a message: holds its place in the scope's queue ({@link ConnectionWorkers#reserve}) or refuses it.
     *
     * @throws SilasException the refusal ({@code ADMISSION_SHUTTING_DOWN}, {@code ADMISSION_RATE_LIMITED},
     *     {@code ADMISSION_BUSY}), already answered on the connection and audited
     */
    ConnectionWorkers.Reservation admit(String connectionId, String scopeId, @Nullable String address,
                                        boolean owner) {
        if (draining) {
            rejectedWhileDraining.incrementAndGet();
            throw reject(connectionId, scopeId, owner, ErrorCode.ADMISSION_SHUTTING_DOWN, REASON_SHUTTING_DOWN,
                    "the stream is shutting down");
        }
        if (!deps.ops().limits().inbound(scopeId, connectionId, address, owner)) {
            throw refuse(connectionId, scopeId, ErrorCode.ADMISSION_RATE_LIMITED, "inbound rate limit exceeded");
        }
        try {
            return workers.reserve(scopeId, owner ? ConnectionWorkers.Lane.OWNER : ConnectionWorkers.Lane.SHEDDABLE);
        } catch (SilasException e) {
            boolean shuttingDown = e.code() == ErrorCode.ADMISSION_SHUTTING_DOWN;
            if (shuttingDown) {
                rejectedWhileDraining.incrementAndGet();
            }
            throw reject(connectionId, scopeId, owner, e.code(), shuttingDown ? REASON_SHUTTING_DOWN : REASON_BUSY,
                    e.getMessage());
        }
    }

    /**
     * Refuses a message whose refusal was already audited (a rate limit): reply, count it by its code
     * ({@code busy}, {@code rate_limited}, {@code shutting_down}), and the error to fail it with.
     */
    SilasException refuse(String connectionId, String scopeId, ErrorCode code, String detail) {
        deps.ops().observer().count(SilasMeter.MESSAGES, switch (code) {
            case ADMISSION_RATE_LIMITED -> "rate_limited";
            case ADMISSION_SHUTTING_DOWN -> "shutting_down";
            default -> "busy";
        });
        Replies.sendOrAudit(deps.channel(), deps.audit(), scopeId, connectionId, code.userMessage());
        return new SilasException(code, detail).withCorrelation(null, scopeId, null);
    }

    /** Stops admitting: every later message is refused with {@code ADMISSION_SHUTTING_DOWN}. */
    void close() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }

    /** Messages refused because the stream was draining or drained. */
    int rejectedWhileDraining() {
        return rejectedWhileDraining.get();
    }

    private SilasException reject(String connectionId, String scopeId, boolean owner, ErrorCode code,
                                  String reason, String detail) {
        AuditData data = AuditData.scope(scopeId);
        data.connection(connectionId);
        data.reason(reason);
        data.put("error_code", code.id());
        data.put("lane", (owner ? ConnectionWorkers.Lane.OWNER : ConnectionWorkers.Lane.SHEDDABLE).name()
                .toLowerCase(Locale.ROOT));
        deps.audit().append(EVENT_REJECTED, data);
        return refuse(connectionId, scopeId, code, detail);
    }
}
