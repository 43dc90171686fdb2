package io.silas.core.persona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PersonaStore} must show (docs/contracts.md#personality): state per scope, append-only
 * events listed in append order, and no leaks between scopes. Subclasses implement {@link #newStore()}:
 *
 * <pre>{@code
 * class InMemoryPersonaStoreTest extends PersonaStoreContract {
 *     @Override protected PersonaStore newStore() { return PersonaStore.inMemory(); }
 * }
 * }</pre>
 */
public abstract class PersonaStoreContract {
    private static final Instant T0 = Instant.parse("2026-02-01T10:00:00.000000001Z");

    private PersonaStore store;

    /** Returns a new, empty store. */
    protected abstract PersonaStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** A fully populated state for the scope. */
    protected static PersonaState state(String scope, double warmth, Instant at) {
        return new PersonaState(scope,
                new AxisProfile(warmth, 0.4, 0.3, 0.123456789, 0.0, 1.0, 0.5),
                new MoodState(0.9, 0.8, 0.7, 0.05),
                "work",
                new VoiceConfig("dry, precise", List.of("says 'right'"), List.of("short sentences"),
                        List.of("exclamation marks")),
                "coding",
                at);
    }

    /** An event with one axis and one mood delta. */
    protected static PersonaEvent event(String id, String scope, Instant at) {
        return new PersonaEvent(id, scope, "task_completed", true, Map.of("warmth", 0.05, "humor", -0.1),
                Map.of("frustration", -0.2), "runtime", at);
    }

    @Test
    void getState_unknownScope_empty() {
        assertThat(store.getState("owner")).isEmpty();
    }

    @Test
    void saveState_thenGet_roundTripsEveryField() {
        PersonaState state = state("owner", 0.6, T0);

        store.saveState(state);

        assertThat(store.getState("owner")).contains(state);
    }

    @Test
    void saveState_again_replacesPreviousState() {
        PersonaState first = state("owner", 0.6, T0);
        store.saveState(first);
        PersonaState second = first.withMood(new MoodState(0.1, 0.2, 0.3, 0.4), T0.plusSeconds(60))
                .withPreset("review", VoiceConfig.of("calm"), T0.plusSeconds(61));

        store.saveState(second);

        assertThat(store.getState("owner")).contains(second);
    }

    @Test
    void state_scopesAreIsolated() {
        store.saveState(state("owner", 0.6, T0));
        store.saveState(state("conn-42", 0.1, T0));

        assertThat(store.getState("owner").orElseThrow().baselineAxes().warmth()).isEqualTo(0.6);
        assertThat(store.getState("conn-42").orElseThrow().baselineAxes().warmth()).isEqualTo(0.1);
        assertThat(store.getState("conn-43")).isEmpty();
    }

    @Test
    void appendEvent_listReturnsAppendOrderEvenWhenTimesAreNot() {
        PersonaEvent a = event("e-1", "owner", T0.plusSeconds(30));
        PersonaEvent b = event("e-2", "owner", T0);
        PersonaEvent c = event("e-3", "owner", T0.plusSeconds(10));

        store.appendEvent(a);
        store.appendEvent(b);
        store.appendEvent(c);

        assertThat(store.listEvents("owner")).containsExactly(a, b, c);
    }

    @Test
    void listEvents_limit_returnsMostRecentOldestFirst() {
        for (int i = 1; i <= 5; i++) {
            store.appendEvent(event("e-" + i, "owner", T0.plusSeconds(i)));
        }

        assertThat(store.listEvents("owner", 2)).extracting(PersonaEvent::eventId).containsExactly("e-4", "e-5");
        assertThat(store.listEvents("owner", 0)).isEmpty();
        assertThat(store.listEvents("owner", 50)).hasSize(5);
    }

    @Test
    void listEvents_defaultLimit_isOneHundred() {
        for (int i = 1; i <= 105; i++) {
            store.appendEvent(event("e-" + i, "owner", T0.plusSeconds(i)));
        }

        List<PersonaEvent> events = store.listEvents("owner");

        assertThat(events).hasSize(PersonaStore.DEFAULT_EVENT_LIMIT);
        assertThat(events.get(0).eventId()).isEqualTo("e-6");
        assertThat(events.get(99).eventId()).isEqualTo("e-105");
    }

    @Test
    void events_scopesAreIsolated() {
        store.appendEvent(event("e-1", "owner", T0));
        store.appendEvent(event("e-2", "conn-42", T0));

        assertThat(store.listEvents("owner")).extracting(PersonaEvent::eventId).containsExactly("e-1");
        assertThat(store.listEvents("conn-42")).extracting(PersonaEvent::eventId).containsExactly("e-2");
        assertThat(store.listEvents("conn-43")).isEmpty();
    }

    @Test
    void appendEvent_duplicateId_rejectedAndNothingChanged() {
        PersonaEvent original = event("e-1", "owner", T0);
        store.appendEvent(original);
        PersonaEvent clash = new PersonaEvent("e-1", "conn-42", "ci_failure", false, Map.of(), Map.of(), "channel", T0);

        assertThatThrownBy(() -> store.appendEvent(clash))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(store.listEvents("owner")).containsExactly(original);
        assertThat(store.listEvents("conn-42")).isEmpty();
    }

    @Test
    void arguments_blankScopeOrNegativeLimit_rejected() {
        assertThatThrownBy(() -> store.getState(" "))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> store.listEvents(null, 10))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> store.listEvents("owner", -1))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> store.saveState(null))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> store.appendEvent(null))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void appendEvent_concurrentlyIntoOneScope_keepsEveryEvent() throws Exception {
        int threads = 8;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        store.appendEvent(event("t" + thread + "-" + i, "owner", T0));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        List<PersonaEvent> events = store.listEvents("owner", 1000);
        assertThat(events).hasSize(threads * perThread);
        assertThat(events).extracting(PersonaEvent::eventId).doesNotHaveDuplicates();
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + "-";
            assertThat(events.stream().map(PersonaEvent::eventId).filter(id -> id.startsWith(prefix)).toList())
                    .as("per-thread append order")
                    .isEqualTo(java.util.stream.IntStream.range(0, perThread).mapToObj(i -> prefix + i).toList());
        }
    }
}
