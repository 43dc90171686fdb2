package io.silas.core.connection;

import static io.silas.core.error.Checks.list;

import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one skill-script run, as a value. Either the script spoke the protocol and exited 0
 * ({@link #failure()} is null; {@link #events()} holds its stdout lines in order), or the run failed — not found,
 * malformed line, crash, non-zero exit, timeout, limit, isolation failure — and {@link #failure()} is a
 * {@link ConnectionFailure} of type {@code unknown} (events empty). A {@code failure} <em>event</em> the script
 * reports on purpose is an ordinary event.
 *
 * @param events the parsed events (empty when the run failed)
 * @param failure why the run failed, or null
 */
public record ScriptRun(List<ScriptEvent> events, @Nullable ConnectionFailure failure) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param events  the parsed events (empty when the run failed)
     * @param failure why the run failed, or null /
public
     */
    public ScriptRun {
        events = list(events, "events");
        if (failure != null && !events.isEmpty()) {
            throw SilasException.invalid("events", "must be empty for a failed run");
        }
    }

    /**
     * {@return a failed run}
     *
     * @param failure the structured failure
     */
    public static ScriptRun failed(ConnectionFailure failure) {
        return new ScriptRun(List.of(), Checks.nonNull(failure, "failure"));
    }

    /** {@return whether the run failed} */
    public boolean isFailed() {
        return failure != null;
    }

    /**
     * {@return the events of one type, in order}
     *
     * @param <T> the type of the value
     * @param type the type
     */
    public <T extends ScriptEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
