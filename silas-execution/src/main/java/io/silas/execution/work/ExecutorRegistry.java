package io.silas.execution.work;

import io.silas.core.config.SilasConfig;
import io.silas.core.error.SilasException;
import io.silas.core.execution.EphemeralExecutor;
import io.silas.core.execution.ExecutionEnvelope;
import io.silas.core.execution.ExecutionResult;
import io.silas.core.execution.SandboxManager;
import io.silas.core.trust.SecretStore;
import io.silas.execution.search.WebSearch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Maps action names to executors (docs/contracts.md#web-search). Immutable once built; thread-safe.
 *
 * <p>{@link #defaults(SandboxManager)} registers {@code shell_exec} and {@code python_exec}.
 * {@link #defaults(SandboxManager, SilasConfig, SecretStore)} adds {@code web_search} only when a search provider
 * is configured and its key is stored (docs/contracts.md#web-search); it is never implied.
 */
public final class ExecutorRegistry {
    private final Map<String, EphemeralExecutor> byAction;

    private ExecutorRegistry(Map<String, EphemeralExecutor> byAction) {
        this.byAction = Map.copyOf(byAction);
    }

    /**
     * {@return a registry of exactly these executors; two with the same action are {@code INVALID_INPUT}}
     *
     * @param executors the executors
     */
    public static ExecutorRegistry of(List<EphemeralExecutor> executors) {
        Map<String, EphemeralExecutor> map = new TreeMap<>();
        for (EphemeralExecutor e : executors) {
            if (map.putIfAbsent(e.action(), e) != null) {
                throw SilasException.invalid("executors", "two executors for action '" + e.action() + "'");
            }
        }
        return new ExecutorRegistry(map);
    }

    /**
     * {@code shell_exec} and {@code python_exec} over the given sandbox manager.
     *
     * @param sandboxes the sandboxes
     * @return the executor registry
     */
    public static ExecutorRegistry defaults(SandboxManager sandboxes) {
        return of(List.of(new ShellExecutor(sandboxes), new PythonExecutor(sandboxes)));
    }

    /**
     * {@code shell_exec}, {@code python_exec}, and {@code web_search} when {@code search.provider} is set and a
     * key is stored under {@code search.api_key_ref} (see {@link WebSearch#executorIfConfigured}).
     *
     * @param sandboxes the sandboxes
     * @param config the configuration
     * @param secrets the secrets
     * @return the executor registry
     * @throws SilasException {@code CONFIG_INVALID} for a search provider that is not built in or needs a base
     *                        URI (build those with {@link WebSearch#executor()} and {@link #of(List)})
     */
    public static ExecutorRegistry defaults(SandboxManager sandboxes, SilasConfig config, SecretStore secrets) {
        List<EphemeralExecutor> executors = new ArrayList<>(List.of(new ShellExecutor(sandboxes),
                new PythonExecutor(sandboxes)));
        WebSearch.executorIfConfigured(config, secrets).ifPresent(executors::add);
        return of(executors);
    }

    /**
     * {@return the executor for an action, if registered}
     *
     * @param action the action
     */
    public Optional<EphemeralExecutor> find(String action) {
        return Optional.ofNullable(byAction.get(action));
    }

    /**
     * Registered action names, sorted.
     *
     * @return the java.util.sorted set
     */
    public java.util.SortedSet<String> actions() {
        return new TreeSet<>(byAction.keySet());
    }

    /**
     * Executes the envelope with the executor of its action.
     *
     * @param envelope the envelope
     * @return the execution result
     * @throws SilasException {@code INVALID_INPUT} naming the unknown action and the registered ones
     */
    public ExecutionResult execute(ExecutionEnvelope envelope) {
        EphemeralExecutor executor = byAction.get(envelope.action());
        if (executor == null) {
            throw SilasException.invalid("action", "no executor registered for '" + envelope.action()
                    + "' (registered: " + String.join(", ", actions()) + ")");
        }
        return executor.execute(envelope);
    }
}
