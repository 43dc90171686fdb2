package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.silas.core.agent.ProxyAgent;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.ReingestionTier;
import io.silas.core.stream.InboxStore;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.core.vocabulary.TaintLevel;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The durable inbox at admission: a rejected message leaves no row, an admitted one has a row until it finished; the
 * raw memory items of the message and the reply are written by the inbox with their chronicle entries.
 */
class StreamInboxTest {
    @Test
    void submit_admissionBusy_noInboxRow_admittedRowRemovedWhenTurnFinished() throws Exception {
        try (StreamFixture fx = new StreamFixture("backpressure: {max_pending_turns_per_scope: 1}")) {
            InboxStore inbox = InboxStore.inMemory(fx.chronicle, fx.memory);
            CountDownLatch release = new CountDownLatch(1);
            ProxyAgent direct = StreamFixture.direct(t -> "noted: " + t);
            ProxyAgent held = request -> {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return direct.route(request);
            };
            try (Stream stream = fx.builder(held).inbox(inbox).build()) {
                CompletionStage<TurnResult> first = stream.submit(fx.message("alice", "one"), "web:1");
                assertThat(inbox.pending()).extracting(e -> e.message().text()).containsExactly("one");

                CompletionStage<TurnResult> second = stream.submit(fx.message("alice", "two"), "web:1");

                assertThat(second.toCompletableFuture()).isCompletedExceptionally();
                try {
                    second.toCompletableFuture().get();
                } catch (ExecutionException e) {
                    assertThat(((SilasException) e.getCause()).code()).isEqualTo(ErrorCode.ADMISSION_BUSY);
                }
                assertThat(inbox.pending()).extracting(e -> e.message().text()).containsExactly("one");
                release.countDown();
                assertThat(first.toCompletableFuture().get(60, TimeUnit.SECONDS).reply()).isEqualTo("noted: one");
                assertThat(inbox.pending()).isEmpty();
                assertThat(fx.chronicleOf("web:1")).containsExactly("one", "noted: one");
            }
        }
    }

    @Test
    void turn_rawItemsOfMessageAndReply_storedInRawLaneOfTheScopeOnly() throws Exception {
        try (StreamFixture fx = new StreamFixture("")) {
            try (Stream stream = fx.builder(StreamFixture.direct(t -> "noted: " + t)).build()) {
                TurnResult result = stream.submit(fx.message("alice", "deploy tonight"), "web:1")
                        .toCompletableFuture().get(60, TimeUnit.SECONDS);

                assertThat(result.reply()).isEqualTo("noted: deploy tonight");
                assertThat(fx.memory.searchRaw("web:1", "deploy", 10))
                        .extracting(MemoryItem::content, MemoryItem::sourceKind, MemoryItem::reingestionTier)
                        .containsExactlyInAnyOrder(
                                tuple("deploy tonight", MemoryItem.CONVERSATION_RAW,
                                        ReingestionTier.LOW_REINGESTION),
                                tuple("noted: deploy tonight",
                                        MemoryItem.AGENT_RESPONSE_RAW, ReingestionTier.LOW_REINGESTION));
                assertThat(fx.memory.searchRaw("web:1", "deploy", 10)).extracting(MemoryItem::taint)
                        .containsOnly(TaintLevel.EXTERNAL);
                assertThat(fx.memory.searchRaw("web:2", "deploy", 10)).isEmpty();
                assertThat(fx.memory.searchKeyword("web:1", "deploy", 10)).isEmpty();
            }
        }
    }
}
