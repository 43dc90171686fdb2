package io.silas.core.config;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects configuration violations ({@code "yaml.path: problem"}) so that one exception reports them all.
 * Problems name the path and the violated constraint, never the offending value. Not thread-safe; one
 * instance per validation or load.
 */
final class Violations {
    private final List<String> items = new ArrayList<>();

    void add(String path, String problem) {
        items.add(path + ": " + problem);
    }

    /**
     * Adds the violations carried by an exception this class built (its suppressed entries).
     *
     * @param prefix prepended to each path (e.g. {@code "silas."} when the file nests under that key)
     */
    void addFrom(SilasException e, String prefix) {
        Throwable[] suppressed = e.getSuppressed();
        if (suppressed.length == 0) {
            items.add(prefix + e.getMessage());
        }
        for (Throwable t : suppressed) {
            items.add(prefix + t.getMessage());
        }
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    void throwIfAny() {
        if (!items.isEmpty()) {
            throw toException();
        }
    }

    /** A single-problem exception, for failures that stop loading before any binding (unreadable, malformed). */
    static SilasException single(String problem) {
        Violations v = new Violations();
        v.items.add(problem);
        return v.toException();
    }

    private SilasException toException() {
        StringBuilder message = new StringBuilder("invalid configuration (")
                .append(items.size()).append(items.size() == 1 ? " problem):" : " problems):");
        for (String item : items) {
            message.append("\n  - ").append(item);
        }
        SilasException e = new SilasException(ErrorCode.CONFIG_INVALID, message.toString());
        for (String item : items) {
            e.addSuppressed(new SilasException(ErrorCode.CONFIG_INVALID, item));
        }
        return e;
    }
}
