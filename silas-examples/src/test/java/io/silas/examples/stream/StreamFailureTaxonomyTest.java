package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.context.ContextItem;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryItem;
import io.silas.core.stream.InboxEntry;
import io.silas.core.stream.InboxStore;
import io.silas.core.stream.Stream;
import io.silas.core.trust.TrustDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failed turns and the error taxonomy: whatever a turn throws, and however fast it fails (even before
 * {@code submit} returned), its stage fails with a {@link SilasException} that has an {@link ErrorCode}, the scope
 * and — once the turn was numbered — the turn number as its turn id.
 */
class StreamFailureTaxonomyTest {
    private final StreamFixture fx = new StreamFixture("{}");

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void numberedTurnThrowsRaw_failsWithInternalCarryingScopeAndTurnId() {
        try (Stream stream = fx.builder(StreamFixture.direct(t -> "ok")).inbox(new FailingInbox(fx)).build()) {
            Throwable failure = failureOf(stream.submit(fx.message("alice", "hello"), "alice")
                    .toCompletableFuture());

            assertThat(failure).isInstanceOfSatisfying(SilasException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                assertThat(e.scopeId()).isEqualTo("alice");
                assertThat(e.turnId()).isEqualTo("1");
                assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
            });
        }
    }

    @Test
    void manyFastFailingTurns_noneLeaksARawExceptionOrLosesItsScope() {
        try (Stream stream = fx.builder(StreamFixture.direct(t -> "ok")).inbox(new FailingInbox(fx)).build()) {
            List<CompletableFuture<?>> turns = new ArrayList<>();
            List<String> scopes = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String scope = "user-" + (i % 40);
                scopes.add(scope);
                turns.add(stream.submit(fx.message(scope, "m" + i), scope).toCompletableFuture());
            }

            for (int i = 0; i < turns.size(); i++) {
                String scope = scopes.get(i);
                assertThat(failureOf(turns.get(i))).as("turn %d", i).isInstanceOfSatisfying(SilasException.class,
                        e -> {
                            assertThat(e.code()).isNotNull();
                            assertThat(e.scopeId()).isEqualTo(scope);
                        });
            }
        }
    }

    private static Throwable failureOf(CompletableFuture<?> stage) {
        try {
            stage.orTimeout(60, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("the turn did not fail");
    }

    /** An inbox whose chronicle write throws a raw exception: the turn fails right after it was numbered. */
    private static final class FailingInbox implements InboxStore {
        private final InboxStore delegate;

        FailingInbox(StreamFixture fx) {
            this.delegate = InboxStore.inMemory(fx.chronicle, fx.memory);
        }

        @Override
        public InboxEntry admit(String scopeId, String connectionId, ChannelMessage message, TrustDecision trust,
                                Instant admittedAt) {
            return delegate.admit(scopeId, connectionId, message, trust, admittedAt);
        }

        @Override
        public void recordMessage(InboxEntry entry, ContextItem messageEntry, @Nullable MemoryItem raw) {
            throw new IllegalStateException("disk on fire");
        }

        @Override
        public void complete(InboxEntry entry, @Nullable ContextItem reply, @Nullable MemoryItem raw) {
            delegate.complete(entry, reply, raw);
        }

        @Override
        public void withdraw(InboxEntry entry) {
            delegate.withdraw(entry);
        }

        @Override
        public List<InboxEntry> pending() {
            return delegate.pending();
        }
    }
}
