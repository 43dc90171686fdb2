package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.agent.AgentRequest;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.GateApprovalCard;
import io.silas.core.channel.OwnerSigner;
import io.silas.core.error.Correlation;
import io.silas.core.error.ErrorCode;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Input gates that require approval ask the owner on a gate-approval card without holding the turn; single-user
 * scoping.
 */
class StreamGateApprovalTest {
    private static final String APPROVAL_YAML = """
            gates:
              system:
                - name: confirm_everything
                  on: every_user_message
                  type: approval_always
                  on_block: polite_redirect
            """;

    private final StreamFixture fx = new StreamFixture(APPROVAL_YAML);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<AgentRequest> requests = new CopyOnWriteArrayList<>();
    private final ProxyAgent proxy = request -> {
        requests.add(request);
        return StreamFixture.direct(t -> "done: " + t).route(request);
    };

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
        fx.close();
    }

    @Test
    void inputRequiresApproval_allowedOnCard_messageRunsAsNewTurn() throws Exception {
        try (Stream stream = fx.builder(proxy).cardPrompter(CardPrompter.text(fx.channel, fx.clock, scheduler))
                .build()) {
            TurnResult waiting = submitAndAwaitCard(stream);
            assertThat(waiting.reply()).contains("waiting for the owner's approval");
            assertThat(requests).isEmpty();

            ownerReply(stream, "approve");

            assertThat(fx.channel.await("a", t -> t.startsWith("done:"))).isEqualTo("done: delete the logs");
            assertThat(requests).hasSize(1);
        }
    }

    @Test
    void inputRequiresApproval_blockedOnCard_senderToldAndNoProxyCall() throws Exception {
        try (Stream stream = fx.builder(proxy).cardPrompter(CardPrompter.text(fx.channel, fx.clock, scheduler))
                .build()) {
            TurnResult waiting = submitAndAwaitCard(stream);

            ownerReply(stream, "block");

            assertThat(waiting.blocked()).isTrue();
            assertThat(fx.channel.await("a", t -> t.contains("did not approve"))).contains("not processed");
            assertThat(requests).isEmpty();
            assertThat(fx.chronicleOf("a")).isEmpty();
        }
    }

    @Test
    void inputRequiresApproval_blockedOnCard_declineReplyCarriesTheTurnsCorrelationIds() throws Exception {
        try (Stream stream = fx.builder(proxy).cardPrompter(CardPrompter.text(fx.channel, fx.clock, scheduler))
                .build()) {
            TurnResult waiting = submitAndAwaitCard(stream);

            ownerReply(stream, "block");

            String declined = fx.channel.await("a", t -> t.contains("did not approve"));
            int index = fx.channel.sentTo("a").indexOf(declined);
            Correlation.Ids ids = fx.channel.idsAtSendTo("a").get(index);
            assertThat(ids.turnId()).as("the decline runs on the background executor with the held turn's ids")
                    .isEqualTo(String.valueOf(waiting.turnNumber()));
            assertThat(ids.scopeId()).isNotBlank();
            assertThat(ids.workItemId()).isNull();
        }
    }

    @Test
    void inputRequiresApproval_cardTimesOut_blockedAndAuditedChannelTimeout() throws Exception {
        CardPrompter cards = CardPrompter.text(fx.channel, fx.clock, scheduler);
        try (Stream stream = fx.builder(proxy).cardPrompter(cards).build()) {
            submitAndAwaitCard(stream);

            fx.clock.advance(java.time.Duration.ofSeconds(GateApprovalCard.DEFAULT_TIMEOUT_SECONDS));
            assertThat(cards.expireDue()).isEqualTo(1);
            fx.channel.await("a", t -> t.contains("did not approve"));

            assertThat(requests).isEmpty();
            assertThat(fx.audit.findByEvent("gate_approval_answered")).singleElement().satisfies(e -> {
                assertThat(e.data().path("approved").asBoolean()).isFalse();
                assertThat(e.data().path("source").asText()).isEqualTo("timeout");
                assertThat(e.data().path("error_code").asText()).isEqualTo(ErrorCode.CHANNEL_TIMEOUT.id());
            });
        }
    }

    @Test
    void inputRequiresApproval_ownerDisconnects_blockedAndAuditedChannelFailure() throws Exception {
        CardPrompter cards = CardPrompter.text(fx.channel, fx.clock, scheduler);
        try (Stream stream = fx.builder(proxy).cardPrompter(cards).build()) {
            submitAndAwaitCard(stream);

            cards.disconnected("owner");
            fx.channel.await("a", t -> t.contains("did not approve"));

            assertThat(fx.audit.findByEvent("gate_approval_answered")).singleElement().satisfies(e -> {
                assertThat(e.data().path("source").asText()).isEqualTo("disconnected");
                assertThat(e.data().path("error_code").asText()).isEqualTo(ErrorCode.CHANNEL_FAILURE.id());
            });
        }
    }

    @Test
    void inputRequiresApproval_approvedByOwner_auditedOwnerSignedNoErrorCode() throws Exception {
        try (Stream stream = fx.builder(proxy).cardPrompter(CardPrompter.text(fx.channel, fx.clock, scheduler))
                .build()) {
            submitAndAwaitCard(stream);
            ownerReply(stream, "approve");
            fx.channel.await("a", t -> t.startsWith("done:"));

            assertThat(fx.audit.findByEvent("gate_approval_answered")).filteredOn(
                    e -> e.data().path("source").asText().equals("user")).singleElement().satisfies(e -> {
                        assertThat(e.data().path("authentication").asText()).isEqualTo("owner_signed_text");
                        assertThat(e.data().has("error_code")).isFalse();
                    });
        }
    }

    @Test
    void inputRequiresApproval_noCardPrompter_failsClosed() throws Exception {
        try (Stream stream = fx.builder(proxy).build()) {
            TurnResult result = stream.submit(fx.message("a", "delete the logs"), "a").toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);

            assertThat(result.blocked()).isTrue();
            assertThat(requests).isEmpty();
        }
    }

    @Test
    void singleUserMode_connectionsShareOwnerScope_repliesGoToEachConnection() throws Exception {
        StreamFixture single = new StreamFixture("scope_mode: single_user\n");
        try (single; Stream stream = single.builder(StreamFixture.direct(t -> "re " + t)).build()) {
            TurnResult a = stream.submit(single.message("a", "from a"), "web-1").toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            TurnResult b = stream.submit(single.message("b", "from b"), "web-2").toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);

            assertThat(a.scopeId()).isEqualTo("owner");
            assertThat(b.turnNumber()).isEqualTo(2);
            assertThat(single.chronicleOf("owner")).containsExactly("from a", "re from a", "from b", "re from b");
            assertThat(single.channel.sentTo("web-1")).containsExactly("re from a");
            assertThat(single.channel.sentTo("web-2")).containsExactly("re from b");
        }
    }

    /** Submits the message the input gate wants approved; its card reaches the owner ("owner"), never "a". */
    private TurnResult submitAndAwaitCard(Stream stream) throws Exception {
        TurnResult turn = stream.submit(fx.message("a", "delete the logs"), "a").toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        fx.channel.await("owner", t -> t.startsWith("[Decision needed]"));
        assertThat(fx.channel.sentTo("a")).noneMatch(t -> t.startsWith("[Decision needed]"));
        return turn;
    }

    /** The owner answers the pending text card with a signed message on its connection. */
    private void ownerReply(Stream stream, String text) throws Exception {
        TurnResult consumed = stream.submit(new OwnerSigner(fx.ownerKeys, fx.clock).sign(fx.message("owner", text)),
                "owner").toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(consumed.turnNumber()).as("a card reply is not a turn").isZero();
    }
}
