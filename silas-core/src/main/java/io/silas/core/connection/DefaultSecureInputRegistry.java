package io.silas.core.connection;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SecureInputRegistry} over a concurrent map of pending refs. Consumption is the atomic
 * {@link ConcurrentHashMap#remove(Object)} of the pending entry, so of two racing submits exactly one proceeds.
 * Expired refs are pruned on each {@code register} (a submit for a pruned ref is simply unknown).
 */
final class DefaultSecureInputRegistry implements SecureInputRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultSecureInputRegistry.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DEFAULT_INSTRUCTIONS = "Paste the value into this secure form. It goes straight to "
            + "the secret store; the assistant never sees it.";

    private final SecretStore secrets;
    private final AuditLog audit;
    private final Clock clock;
    private final Consumer<SecureInputCompleted> listener;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Set<String> stored = ConcurrentHashMap.newKeySet();

    private record Pending(String scopeId, Instant expiresAt) {
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
        pending.values().removeIf(p -> !now.isBefore(p.expiresAt()));
        String refId = newRefId();
        pending.put(refId, new Pending(scopeId, now.plus(ttl)));
        return new SecureInputRequest(refId, template.label(), template.inputHint(), template.guidance());
    }

    @Override
    public SecureInputReceipt submit(String refId, SecretValue secret) {
        Checks.nonNull(secret, "secret");
        Pending entry = refId == null ? null : pending.remove(refId);
        if (entry == null) {
            throw unknownRef();
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            notifyListener(refId, false);
            throw unknownRef();
        }
        try {
            secrets.put(SecureInputRegistry.secretRef(refId), secret);
        } catch (RuntimeException e) {
            notifyListener(refId, false);
            throw e;
        }
        stored.add(refId);
        audit.append(EVENT_SECRET_STORED, Map.of("ref_id", refId));
        notifyListener(refId, true);
        return SecureInputReceipt.STORED;
    }

    @Override
    public boolean isPending(String refId) {
        Pending entry = refId == null ? null : pending.get(refId);
        return entry != null && clock.instant().isBefore(entry.expiresAt());
    }

    @Override
    public boolean isStored(String refId) {
        return refId != null && stored.contains(refId);
    }

    @Override
    public boolean discard(String refId) {
        Checks.nonBlank(refId, "ref_id");
        boolean withdrawn = pending.remove(refId) != null;
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

    private static SilasException unknownRef() {
        return new SilasException(ErrorCode.SECRET_REF_UNKNOWN, "secure input ref is unknown, expired or already used");
    }

    private static String newRefId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
