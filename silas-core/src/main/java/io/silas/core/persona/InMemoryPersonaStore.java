package io.silas.core.persona;

import io.silas.core.error.SilasException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link PersonaStore} in maps guarded by the instance lock. */
final class InMemoryPersonaStore implements PersonaStore {
    private final Map<String, PersonaState> states = new HashMap<>();
    private final Map<String, List<PersonaEvent>> events = new HashMap<>();
    private final Set<String> eventIds = new HashSet<>();

    @Override
    public synchronized Optional<PersonaState> getState(String scopeId) {
        return Optional.ofNullable(states.get(PersonaStore.requireScope(scopeId)));
    }

    @Override
    public synchronized void saveState(PersonaState state) {
        if (state == null) {
            throw SilasException.invalid("state", "must not be null");
        }
        states.put(state.scopeId(), state);
    }

    @Override
    public synchronized void appendEvent(PersonaEvent event) {
        if (event == null) {
            throw SilasException.invalid("event", "must not be null");
        }
        if (!eventIds.add(event.eventId())) {
            throw SilasException.invalid("event_id", "already appended: " + event.eventId());
        }
        events.computeIfAbsent(event.scopeId(), k -> new ArrayList<>()).add(event);
    }

    @Override
    public synchronized List<PersonaEvent> listEvents(String scopeId, int limit) {
        PersonaStore.requireScope(scopeId);
        if (limit < 0) {
            throw SilasException.invalid("limit", "must be >= 0");
        }
        List<PersonaEvent> all = events.getOrDefault(scopeId, List.of());
        return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
    }
}
