package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.audit.AuditEntry;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryStore;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "Audited once" (docs/contracts.md#errors): a failing turn and a failing channel send each leave exactly one audit
 * entry carrying the scope id and the error code — counted over the whole log, so no layer logs the same failure twice.
 */
class StreamAuditOnceTest {
    private static final long WAIT_SECONDS = 10;

    private StreamFixture fx = new StreamFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    /** Every audit entry that carries an {@code error_code}. */
    private List<AuditEntry> errorEntries() {
        return fx.audit.read(0, 100_000).stream().filter(e -> e.data().has("error_code")).toList();
    }

    @Test
    void turnThrows_replyCannotBeSent_auditedOnceWithScopeAndChannelFailure() throws Exception {
        try (Stream stream = fx.builder(StreamFixture.direct(t -> "reply " + t)).build()) {
            fx.channel.failNextSendTo("a");
            CompletableFuture<TurnResult> failed = stream.submit(fx.message("a", "one"), "a").toCompletableFuture();

            assertThatThrownBy(() -> failed.get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SilasException.class);
            stream.submit(fx.message("a", "two"), "a").toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(errorEntries()).singleElement().satisfies(e -> {
                assertThat(e.event()).isEqualTo("turn_failed");
                assertThat(e.data().path("scope_id").asText()).isEqualTo("a");
                assertThat(e.data().path("error_code").asText()).isEqualTo(ErrorCode.CHANNEL_FAILURE.id());
            });
            assertThat(fx.audit.findByEvent("channel_send_failed")).isEmpty();
        }
    }

    @Test
    void turnThrowsUnexpectedException_auditedOnceAsInternal() throws Exception {
        MemoryStore memory = failingSearch(fx.memory);
        try (Stream stream = Stream.builder().config(fx.config).audit(fx.audit)
                .stores(fx.chronicle, memory, fx.workItems).proxy(StreamFixture.direct(t -> "reply " + t))
                .gateRunner(fx.gates).messageTrust(fx.trust).channel(fx.channel).turnExecutor(fx.turnPool)
                .backgroundExecutor(fx.background).clock(fx.clock).build()) {
            CompletableFuture<TurnResult> failed = stream.submit(fx.message("b", "hello"), "b").toCompletableFuture();

            assertThatThrownBy(() -> failed.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

            assertThat(stream.pendingTurns()).isZero();
            assertThat(fx.audit.findByEvent("turn_failed")).singleElement().satisfies(e -> {
                assertThat(e.data().path("scope_id").asText()).isEqualTo("b");
                assertThat(e.data().path("error_code").asText()).isEqualTo(ErrorCode.INTERNAL.id());
            });
            assertThat(errorEntries()).hasSize(1);
        }
    }

    @Test
    void admissionReplyCannotBeSent_sendFailureAuditedOnce() throws Exception {
        fx.close();
        fx = new StreamFixture("limits: { ws_messages_per_minute_per_scope: 1 }\n" + StreamFixture.CONFIG_YAML);
        try (Stream stream = fx.builder(StreamFixture.direct(t -> "reply " + t)).build()) {
            stream.submit(fx.message("c", "one"), "c").toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
            fx.channel.failNextSendTo("c");
            CompletableFuture<TurnResult> refused = stream.submit(fx.message("c", "two"), "c").toCompletableFuture();

            refused.handle((result, error) -> null).get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(fx.audit.findByEvent("channel_send_failed")).singleElement().satisfies(e -> {
                assertThat(e.data().path("scope_id").asText()).isEqualTo("c");
                assertThat(e.data().path("error_code").asText()).isEqualTo(ErrorCode.CHANNEL_FAILURE.id());
            });
            assertThat(fx.audit.findByEvent("rate_limited")).hasSize(1);
            assertThat(fx.audit.findByEvent("turn_failed")).isEmpty();
            assertThat(fx.channel.sentTo("c")).containsExactly("reply one");
        }
    }

    /** The store, except that keyword search (the turn's memory retrieval) throws an unexpected exception. */
    private static MemoryStore failingSearch(MemoryStore store) {
        return (MemoryStore) Proxy.newProxyInstance(MemoryStore.class.getClassLoader(),
                new Class<?>[] {MemoryStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("searchKeyword")) {
                        throw new IllegalStateException("index corrupted in memory");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
