package io.silas.gates;

import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.gate.GateAuditEvents;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateRunner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Builds the default {@link GateRunner} ({@code Gates.runner()...build()}). Each setter may be called once
 * (a second call fails fast with {@code CONFIG_INVALID}); {@link #provider} may be called once per provider
 * name. Required: {@link #audit}. Not thread-safe; the built runner is.
 *
 * <pre>{@code
 * GateRunner gates = Gates.runner()
 *     .audit(auditLog)
 *     .provider(Gates.predicate(List.of(projectDir)))
 *     .provider(Gates.textSafety())
 *     .provider(Gates.callable("business_hours", (gate, ctx) -> GateResult.pass(gate, "open")))
 *     .discoverProviders()                // optional: ServiceLoader<GateCheckProvider>
 *     .maxEvaluationsPerTurn(32)          // limits.max_gate_evals_per_turn
 *     .build();
 * }</pre>
 *
 * <p>Providers registered by code always win over discovered ones with the same name. Discovery never fails
 * the build: a provider that cannot be loaded, or whose {@code name()} throws, is invalid or is already taken,
 * is skipped and audited as {@code gate_provider_skipped}.
 */
public final class GateRunnerBuilder {
    /** Default of {@code limits.max_gate_evals_per_turn}. */
    public static final int DEFAULT_MAX_EVALUATIONS_PER_TURN = 32;

    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    private static final int MAX_DISCOVERY_ERRORS = 100;

    private @Nullable AuditLog audit;
    private @Nullable Integer maxEvaluationsPerTurn;
    private final Map<String, GateCheckProvider> providers = new LinkedHashMap<>();
    private boolean discover;
    private @Nullable ClassLoader discoveryLoader;

    GateRunnerBuilder() {
    }

    /**
     * {@return the audit log every gate decision, rejected mutation and provider failure is written to} Required.
     *
     * @param value the new value
     */
    public GateRunnerBuilder audit(AuditLog value) {
        once(audit, "audit");
        this.audit = require(value, "audit");
        return this;
    }

    /**
     * Registers a provider under its {@link GateCheckProvider#name()}.
     *
     * @param value the new value
     * @return the gate runner builder
     * @throws SilasException {@code INVALID_INPUT} when the name is invalid or already registered
     */
    public GateRunnerBuilder provider(GateCheckProvider value) {
        require(value, "provider");
        String name = value.name();
        if (name == null || !PROVIDER_NAME.matcher(name).matches()) {
            throw SilasException.invalid("provider", "name '" + name + "' must match " + PROVIDER_NAME.pattern());
        }
        if (providers.containsKey(name)) {
            throw SilasException.invalid("provider", "'" + name + "' is already registered");
        }
        providers.put(name, value);
        return this;
    }

    /**
     * {@return the per-turn gate evaluation cap ({@code limits.max_gate_evals_per_turn}, default 32, must be > 0)}
     *
     * @param value the new value
     */
    public GateRunnerBuilder maxEvaluationsPerTurn(int value) {
        once(maxEvaluationsPerTurn, "max_evaluations_per_turn");
        if (value <= 0) {
            throw SilasException.invalid("limits.max_gate_evals_per_turn", "must be > 0");
        }
        this.maxEvaluationsPerTurn = value;
        return this;
    }

    /**
     * Opt-in: also loads providers through {@link ServiceLoader} with the thread's context class loader.
     *
     * @return the gate runner builder
     */
    public GateRunnerBuilder discoverProviders() {
        return discoverProviders(Thread.currentThread().getContextClassLoader());
    }

    /**
     * Opt-in: also loads providers through {@link ServiceLoader} with the given class loader.
     *
     * @param loader the loader
     * @return the gate runner builder
     */
    public GateRunnerBuilder discoverProviders(@Nullable ClassLoader loader) {
        if (discover) {
            throw alreadySet("discover_providers");
        }
        this.discover = true;
        this.discoveryLoader = loader;
        return this;
    }

    /**
     * Builds the runner (discovering providers now, if enabled).
     *
     * @return the gate runner
     * @throws SilasException {@code MISSING_COLLABORATOR} naming every missing required part
     */
    public GateRunner build() {
        if (audit == null) {
            throw new SilasException(ErrorCode.MISSING_COLLABORATOR, "gate runner: missing audit");
        }
        Map<String, GateCheckProvider> all = new LinkedHashMap<>(providers);
        if (discover) {
            discoverInto(all, audit);
        }
        int cap = maxEvaluationsPerTurn == null ? DEFAULT_MAX_EVALUATIONS_PER_TURN : maxEvaluationsPerTurn;
        return new DefaultGateRunner(audit, all, cap);
    }

    private void discoverInto(Map<String, GateCheckProvider> all, AuditLog log) {
        ServiceLoader<GateCheckProvider> loader = ServiceLoader.load(GateCheckProvider.class, discoveryLoader);
        Iterator<GateCheckProvider> it = loader.iterator();
        List<String> errors = new ArrayList<>();
        while (errors.size() < MAX_DISCOVERY_ERRORS) {
            GateCheckProvider candidate;
            try {
                if (!it.hasNext()) {
                    break;
                }
                candidate = it.next();
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                errors.add(e.getClass().getSimpleName());
                skipped(log, "?", "could not be loaded: " + e.getClass().getSimpleName());
                continue;
            }
            String name;
            try {
                name = candidate.name();
            } catch (RuntimeException | LinkageError e) {
                skipped(log, candidate.getClass().getName(), "name() failed");
                continue;
            }
            if (name == null || !PROVIDER_NAME.matcher(name).matches()) {
                skipped(log, candidate.getClass().getName(), "invalid name");
            } else if (all.containsKey(name)) {
                skipped(log, name, "name already registered");
            } else {
                all.put(name, candidate);
            }
        }
    }

    private static void skipped(AuditLog log, String provider, String reason) {
        log.append(GateAuditEvents.GATE_PROVIDER_SKIPPED, AuditData.create().put("provider", provider).reason(reason));
    }

    private static <T> T require(@Nullable T value, String field) {
        if (value == null) {
            throw SilasException.invalid(field, "is required");
        }
        return value;
    }

    private static void once(@Nullable Object current, String field) {
        if (current != null) {
            throw alreadySet(field);
        }
    }

    private static SilasException alreadySet(String field) {
        return new SilasException(ErrorCode.CONFIG_INVALID, "gate runner: " + field + " is already set");
    }
}
