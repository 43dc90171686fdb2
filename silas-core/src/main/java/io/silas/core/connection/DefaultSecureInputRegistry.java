package io.silas.core.connection;

import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.Checks;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SecretValue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SecureInputRegistry} over a concurrent map of ref states. Consumption is the atomic
 * {@link ConcurrentHashMap#replace(Object, Object, Object)} of the pending entry by the consumed marker, so of two
 * racing submits exactly one proceeds and the other sees the ref consumed. Expired pending refs are pruned on each
 * {@code register} (a submit for a pruned ref is simply unknown); consumed markers stay so that a late resubmit is
 * reported as consumed, and go away with {@link #discard}.
 */
final class DefaultSecureInputRegistry implements SecureInputRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultSecureInputRegistry.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern WELL_FORMED_REF = Pattern.compile("[0-9a-f]{64}");
    private static final String DEFAULT_INSTRUCTIONS = "Paste the value into this secure form. It goes straight to "
            + "the secret store; the assistant never sees it.";

    private final SecretStore secrets;
    private final AuditLog audit;
    private final Clock clock;
    private final Consumer<SecureInputCompleted> listener;
    private final Map<String, RefState> refs = new ConcurrentHashMap<>();
    private final Set<String> stored = ConcurrentHashMap.newKeySet();

    private sealed interface RefState permits Pending, Consumed {
    }

    private record Pending(String scopeId, Instant expiresAt) implements RefState {
    }

    private enum Consumed implements RefState {
        MARKER
    }

    DefaultSecureInputRegistry(SecretStore secrets, AuditLog audit, Clock clock,
                               Consumer<SecureInputCompleted> listener) {
        this.secrets = Checks.nonNull(secrets, "secrets");
        this.audit = Checks.nonNull(audit, "audit");
        this.clock = Checks.nonNull(clock, "clock");
        this.listener = Checks.nonNull(listener, "listener");
    }

    @Override
    public SecureInputRequest register(String scopeId, String label, Duration ttl) {
        Checks.nonBlank(label, "label");
        return register(scopeId, new SecureInputRequest("template", label, null,
                new SecureInputRequest.Guidance(DEFAULT_INSTRUCTIONS, null)), ttl);
    }

    @Override
    public SecureInputRequest register(String scopeId, SecureInputRequest template, Duration ttl) {
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonNull(template, "template");
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw SilasException.invalid("ttl", "must be positive");
        }
        Instant now = clock.instant();
        refs.values().removeIf(s -> s instanceof Pending p && !now.isBefore(p.expiresAt()));
        String refId = newRefId();
        refs.put(refId, new Pending(scopeId, now.plus(ttl)));
        return new SecureInputRequest(refId, template.label(), template.inputHint(), template.guidance());
    }

    @Override
    public SecureInputReceipt submit(String refId, SecretValue secret) {
        Checks.nonNull(secret, "secret");
        RefState state = refId == null ? null : refs.get(refId);
        if (!(state instanceof Pending entry)) {
            throw rejected(refId, state == Consumed.MARKER ? consumedRef() : unknownRef());
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            if (refs.remove(refId, entry)) {
                notifyListener(refId, false);
            }
            throw rejected(refId, unknownRef());
        }
        if (!refs.replace(refId, entry, Consumed.MARKER)) {
            throw rejected(refId, refs.get(refId) == Consumed.MARKER ? consumedRef() : unknownRef());
        }
        try {
            secrets.put(SecureInputRegistry.secretRef(refId), secret);
        } catch (RuntimeException e) {
            notifyListener(refId, false);
            throw e;
        }
        stored.add(refId);
        audit.append(EVENT_SECRET_STORED, AuditData.create().put("ref_id", refId));
        notifyListener(refId, true);
        return SecureInputReceipt.STORED;
    }

    @Override
    public boolean isPending(String refId) {
        RefState state = refId == null ? null : refs.get(refId);
        return state instanceof Pending entry && clock.instant().isBefore(entry.expiresAt());
    }

    @Override
    public boolean isStored(String refId) {
        return refId != null && stored.contains(refId);
    }

    @Override
    public boolean discard(String refId) {
        Checks.nonBlank(refId, "ref_id");
        boolean withdrawn = refs.remove(refId) instanceof Pending;
        if (stored.remove(refId)) {
            secrets.delete(SecureInputRegistry.secretRef(refId));
            withdrawn = true;
        }
        return withdrawn;
    }

    private void notifyListener(String refId, boolean success) {
        try {
            listener.accept(new SecureInputCompleted(refId, success));
        } catch (RuntimeException e) {
            LOG.warn("secure input listener failed ({})", e.getClass().getSimpleName());
        }
    }

    /**
     * Audits a refused submit ({@value #EVENT_SUBMIT_REJECTED}, a security event) and returns {@code error}. The ref
     * comes from outside: it is recorded only in the form this registry issues (64 hex digits), else as
     * {@code malformed}; the secret is never looked at.
     */
    private SilasException rejected(@Nullable String refId, SilasException error) {
        AuditData data = AuditData.create();
        data.put("ref_id", refId != null && WELL_FORMED_REF.matcher(refId).matches() ? refId : "malformed");
        data.put("error_code", error.code().id());
        data.put("security_event", true);
        audit.append(EVENT_SUBMIT_REJECTED, data);
        return error;
    }

    private static SilasException unknownRef() {
        return new SilasException(ErrorCode.SECRET_REF_UNKNOWN, "secure input ref is unknown, expired or discarded");
    }

    private static SilasException consumedRef() {
        return new SilasException(ErrorCode.SECRET_REF_CONSUMED, "secure input ref was already used");
    }

    private static String newRefId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
