package io.silas.examples.stream;

import io.silas.core.agent.ProxyAgent;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.ChannelAdapter;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.config.SilasConfig;
import io.silas.core.context.ContextItem;
import io.silas.core.error.SilasException;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateResult;
import io.silas.core.stream.Stream;
import io.silas.core.stream.StreamBuilder;
import io.silas.core.trust.SigningKeys;
import io.silas.gates.Gates;
import io.silas.postgres.PostgresStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One JVM of {@link ClusterStreamTest}: a real {@link Stream} on {@link PostgresStores} (node id from the arguments)
 * that takes commands on stdin and reports on stdout, so the parent decides which JVM each message arrives at.
 *
 * <p>Commands: {@code send <connection> <k> [<suffix>]} submits the text {@code <connection>#<k><suffix>} and prints
 * {@code admitted <connection> <k>} once {@code submit} returned (the message is recorded), then
 * {@code result <connection> <k> <turn>} or {@code failed <connection> <k> <code>} when its turn finished;
 * {@code quit} drains and exits. The scripted proxy checks, inside every turn, that every earlier turn of the scope has
 * finished (each earlier chronicled message has its reply): otherwise it prints {@code overlap <connection> <k>}. A text containing
 * {@code HOLD} is held by a policy gate for the owner's approval (a card the owner never answers here).
 *
 * <p>Arguments: {@code <jdbc-url> <node> [<messages per minute per scope>]}: with a limit, the Stream's rate limits
 * live in the cluster's shared buckets ({@code PostgresStores.sharedBuckets()}) and its clock is fixed, so the limit is
 * the number of messages the cluster may admit per scope during the test.
 */
final class ClusterStreamChild {
    static final String OWNER_SEED = "33".repeat(32);
    static final String CONFIG = """
            backpressure: { max_pending_turns_per_scope: 50, max_pending_turns_total: 10000 }
            limits: { ws_messages_per_minute_per_scope: %d, messages_per_minute_total: 1000000,
                      llm_calls_per_minute_per_scope: 100000 }
            gates:
              system:
                - name: hold_for_owner
                  on: every_user_message
                  provider: held
            """;
    /** The clock of the {@code limited} mode: it never moves, so no bucket refills during the test. */
    static final Instant FIXED = Instant.parse("2026-03-01T12:00:00Z");

    private ClusterStreamChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String node = args[1];
        Integer limit = args.length > 2 ? Integer.valueOf(args[2]) : null;
        Clock clock = limit == null ? Clock.systemUTC() : Clock.fixed(FIXED, ZoneOffset.UTC);
        ScheduledExecutorService cardTimer = Executors.newSingleThreadScheduledExecutor();
        try (PostgresStores stores = PostgresStores.builder().jdbcUrl(url).nodeId(node).lease(Duration.ofSeconds(1))
                .poolSize(6).clock(clock).open()) {
            ChannelAdapter channel = new ChannelAdapter() {
                @Override
                public String name() {
                    return "web";
                }

                @Override
                public void send(String recipientId, String text) {
                    // replies are checked through results and the chronicle
                }
            };
            StreamBuilder builder = Stream.builder();
            if (limit != null) {
                builder.sharedBuckets(stores.sharedBuckets());
            }
            Stream stream = builder.config(SilasConfig.parse(CONFIG.formatted(limit == null ? 100_000 : limit),
                            name -> null)).audit(stores.auditLog())
                    .stores(stores.chronicleStore(), stores.memoryStore(), stores.workItemStore())
                    .inbox(stores.inboxStore()).proxy(proxy(stores))
                    .gateRunner(Gates.runner().audit(stores.auditLog()).provider(Gates.predicate())
                            .provider(new HeldProvider()).build())
                    .cardPrompter(CardPrompter.text(channel, clock, cardTimer))
                    .messageTrust(MessageTrust.builder().ownerPublicKey(SigningKeys.fromRawPrivateKey(
                                    HexFormat.of().parseHex(OWNER_SEED)).publicKey())
                            .nonceStore(stores.nonceStore()).audit(stores.auditLog()).clock(clock).build())
                    .channel(channel).clock(clock).build();
            stream.start();
            say("ready " + node);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                String[] parts = line.split(" ");
                send(stream, clock, parts[1], parts[2], parts.length > 3 ? parts[3] : "");
            }
            stream.shutdown(Duration.ofSeconds(30));
        } finally {
            cardTimer.shutdownNow();
        }
        say("exit " + node);
    }

    private static void send(Stream stream, Clock clock, String connection, String k, String suffix) {
        stream.submit(ChannelMessage.of("web", connection, connection + "#" + k + suffix, clock.instant()), connection)
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        say("failed " + connection + " " + k + " " + (cause instanceof SilasException se
                                ? se.code().id() : cause.getClass().getSimpleName()));
                    } else {
                        say("result " + connection + " " + k + " " + result.turnNumber());
                    }
                });
        say("admitted " + connection + " " + k);
    }

    /** Replies {@code reply:<text>} after checking that every earlier turn of the scope finished. */
    private static ProxyAgent proxy(PostgresStores stores) {
        ProxyAgent direct = StreamFixture.direct(t -> "reply:" + t);
        return request -> {
            String text = request.message();
            String connection = text.substring(0, text.indexOf('#'));
            List<ContextItem> chronicle = stores.chronicleStore().getRecent(connection, 10_000);
            int turn = chronicle.stream().filter(i -> i.content().equals(text)).mapToInt(ContextItem::turnNumber)
                    .max().orElse(-1);
            Set<Integer> replied = chronicle.stream().filter(i -> i.content().startsWith("reply:"))
                    .map(ContextItem::turnNumber).collect(Collectors.toSet());
            boolean earlierUnfinished = chronicle.stream().filter(i -> !i.content().startsWith("reply:"))
                    .anyMatch(i -> i.turnNumber() < turn && !replied.contains(i.turnNumber()));
            if (turn < 1 || earlierUnfinished) {
                say("overlap " + connection + " " + text.substring(text.indexOf('#') + 1) + " turn " + turn);
            }
            sleepBriefly(); // a turn takes a little while, so that later messages of the scope wait for it
            return direct.route(request);
        };
    }

    /** The gate provider {@code held}: texts containing {@code HOLD} need the owner's approval, the rest pass. */
    private static final class HeldProvider implements GateCheckProvider {
        @Override
        public String name() {
            return "held";
        }

        @Override
        public GateResult check(Gate gate, GateContext context) {
            String text = context.message();
            return text != null && text.contains("HOLD") ? GateResult.requireApproval(gate, "held for the owner")
                    : GateResult.pass(gate, "not held");
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(15);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
