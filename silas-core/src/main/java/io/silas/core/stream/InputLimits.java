package io.silas.core.stream;

import io.silas.core.audit.AuditData;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.limit.InputSize;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The size limits of {@code limits.max_*_bytes} (docs/threat-model.md#promise-8), checked before an input is stored,
 * matched to a card or sent to a model. An input over its limit is audited {@value #EVENT} with its field, size and
 * limit only (never its content) and refused with {@code INPUT_TOO_LARGE}. Thread-safe.
 */
final class InputLimits {
    static final String EVENT = "input_too_large";

    private final Basics deps;

    InputLimits(Basics deps) {
        this.deps = deps;
    }

    private SilasConfig.Limits limits() {
        return deps.config().limits();
    }

    /**
     * Checks an inbound message's text and attachments. Over a limit: audited, answered on its connection with the
     * code's user message, and returned as the exception to fail the submission with; {@code null} when it fits.
     */
    @Nullable SilasException refuseMessage(String connectionId, String scopeId, ChannelMessage message) {
        String field = null;
        CharSequence oversized = null;
        int limit = 0;
        if (InputSize.exceeds(message.text(), limits().maxMessageBytes())) {
            field = "message";
            oversized = message.text();
            limit = limits().maxMessageBytes();
        } else {
            List<String> attachments = message.attachments();
            for (String attachment : attachments) {
                if (InputSize.exceeds(attachment, limits().maxAttachmentBytes())) {
                    field = "attachment";
                    oversized = attachment;
                    limit = limits().maxAttachmentBytes();
                    break;
                }
            }
        }
        if (field == null) {
            return null;
        }
        SilasException refused = refused(scopeId, connectionId, field, oversized, limit);
        Replies.sendOrAudit(deps.channel(), deps.audit(), scopeId, connectionId, ErrorCode.INPUT_TOO_LARGE.userMessage());
        return refused;
    }

    /** Throws {@code INPUT_TOO_LARGE} (audited) for a card answer over {@code limits.max_card_answer_bytes}. */
    void requireCardAnswer(String connectionId, String scopeId, String value) {
        if (InputSize.exceeds(value, limits().maxCardAnswerBytes())) {
            throw refused(scopeId, connectionId, "card_answer", value, limits().maxCardAnswerBytes());
        }
    }

    /** Whether a model output fits its limit; audits it (turn and size only) when it does not. */
    boolean fits(String scopeId, int turn, String field, @Nullable CharSequence output, int limit) {
        if (output == null || !InputSize.exceeds(output, limit)) {
            return true;
        }
        AuditData data = AuditData.scope(scopeId);
        data.turn(turn);
        data.put("field", field);
        data.put("bytes", InputSize.utf8Bytes(output));
        data.put("limit", limit);
        deps.audit().append(EVENT, data);
        return false;
    }

    private SilasException refused(String scopeId, String connectionId, String field, CharSequence input, int limit) {
        long bytes = InputSize.utf8Bytes(input);
        AuditData data = AuditData.scope(scopeId);
        data.connection(connectionId);
        data.put("field", field);
        data.put("bytes", bytes);
        data.put("limit", limit);
        deps.audit().append(EVENT, data);
        return new SilasException(ErrorCode.INPUT_TOO_LARGE, field + " is " + bytes + " bytes; the limit is " + limit
                + " (limits.max_" + field + "_bytes)").withCorrelation(null, scopeId, null);
    }
}
