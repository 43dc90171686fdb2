package io.silas.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.audit.AuditEntry;
import io.silas.core.channel.CardAnswer;
import io.silas.core.channel.SecureInputCard;
import io.silas.core.context.ContextItem;
import io.silas.core.json.Json;
import io.silas.core.vocabulary.TaintLevel;
import io.silas.core.work.WorkItemStatus;
import io.silas.examples.WebDemo;
import io.silas.web.WebChannel;
import io.silas.web.browser.BrowserSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web demo in headless Chromium, end to end: the printed URL enrols the browser's device key, the owner's typed
 * message is chronicled {@code OWNER} and the same frame sent again {@code EXTERNAL}, a plan card is approved with a
 * click and its progress and result arrive, and a secure-input card stores a secret that the page, the frames, the
 * chronicle, the audit log and the database never contain. Also takes the README screenshot
 * ({@code docs/web-client.png}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebDemoBrowserTest {
    private static final String SECRET = "ntn_SECRET-web-4c1f-never-shown";
    private static final String OWNER = "owner";
    @TempDir
    static Path dir;
    private static WebDemo demo;
    private static BrowserSession browser;
    private static final ByteArrayOutputStream TRANSCRIPT = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        demo = new WebDemo(dir.resolve("data"), dir.resolve("master.key"),
                new PrintStream(TRANSCRIPT, true, StandardCharsets.UTF_8), Clock.systemUTC());
        URI url = demo.start(0);
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(TRANSCRIPT.toString(StandardCharsets.UTF_8)).contains(url.toString());
        browser = BrowserSession.start();
        browser.open(OWNER, OWNER, url.toString());
        browser.waitFor(OWNER, "#status[data-state=ready]");
        demo.awaitStream(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    private static String scope() {
        return demo.web().ownerConnectionId();
    }

    private static List<ContextItem> chronicledMessages(String text) {
        return demo.chronicle().getRecent(scope(), 200).stream()
                .filter(i -> i.source().startsWith("channel:") && i.content().contains(text)).toList();
    }

    @Test
    @Order(1)
    void enrolment_keyIsNonExtractableAndTheTokenLeftTheAddressBar() {
        JsonNode key = browser.evaluate(OWNER, """
                const keys = await import('/keys.js');
                const pair = await keys.deviceKey();
                return { extractable: pair.privateKey.extractable, type: pair.privateKey.algorithm.name,
                         href: location.href };
                """, null);
        assertThat(key.path("extractable").asBoolean()).isFalse();
        assertThat(key.path("type").asText()).isEqualTo("Ed25519");
        assertThat(key.path("href").asText()).doesNotContain("token=").doesNotContain("enrol=");
        assertThat(demo.auditLog().findByEvent(WebChannel.EVENT_ENROLLED)).hasSize(1);
    }

    @Test
    @Order(2)
    void ownerMessage_isOwner_andTheSameFrameReplayedIsExternal() {
        String text = "Hi Silas, it's me, typing in the browser.";
        browser.fill(OWNER, "#text", text);
        browser.press(OWNER, "#text", "Enter");
        browser.waitText(OWNER, "#stream .msg.silas", text);
        String frame = browser.sentFrames(OWNER).stream().filter(f -> f.contains(text)).findFirst().orElseThrow();
        assertThat(Json.tree(Json.read(frame, Object.class)).path("signature").asText()).isNotEmpty();

        JsonNode replay = browser.evaluate(OWNER, REPLAY_FRAME, frame);

        assertThat(replay.path("type").asText()).isEqualTo("reply");
        assertThat(chronicledMessages(text)).extracting(ContextItem::taint)
                .containsExactly(TaintLevel.OWNER, TaintLevel.EXTERNAL);
    }

    @Test
    @Order(3)
    void planCard_approvedWithAClick_progressAndResultArrive() throws Exception {
        browser.fill(OWNER, "#text", "Please write today's release note.");
        browser.press(OWNER, "#text", "Enter");
        String card = ".card[data-card-type=plan_approval]";
        browser.waitFor(OWNER, card);
        String shown = String.join("\n", browser.texts(OWNER, card));
        assertThat(shown).contains("Plan hash:").contains("Silas 0.1").contains("note_exists")
                .contains("Approve");
        Path screenshot = repoRoot().resolve("docs/web-client.png");
        Files.createDirectories(screenshot.getParent());
        browser.screenshot(OWNER, screenshot);

        browser.click(OWNER, card + " button[data-value=approve]");

        browser.waitText(OWNER, card + " .result", "Answer accepted");
        browser.waitText(OWNER, "#stream .msg.progress", "[done]");
        List<AuditEntry> verified = demo.auditLog().findByEvent(WebChannel.EVENT_ANSWER_VERIFIED);
        assertThat(verified).singleElement().satisfies(e -> {
            assertThat(e.data().path("choice").asText()).isEqualTo("approve");
            assertThat(e.data().path("signature").asText()).hasSize(88);
        });
        assertThat(demo.workItems().listByStatus(WorkItemStatus.DONE))
                .anySatisfy(item -> assertThat(item.title()).contains("release note"));
    }

    @Test
    @Order(4)
    void secureInput_storesTheSecret_andNothingShowsIt() throws Exception {
        String ref = demo.secureInput().register(scope(), "Notion integration token", Duration.ofMinutes(5)).refId();
        SecureInputCard card = SecureInputCard.of("card-secure-1", ref, "Notion integration token", "ntn_",
                "Create an internal integration in Notion and copy its token.", null, null, 300);
        CompletableFuture<CardAnswer> answer = demo.cards().prompt(scope(), card);
        String form = ".card[data-card-type=secure_input]";
        browser.waitFor(OWNER, form + " input[type=password]");

        browser.fill(OWNER, form + " input[type=password]", SECRET);
        browser.click(OWNER, form + " button[type=submit]");

        browser.waitText(OWNER, form + " .secure-status", "Stored");
        CardAnswer done = answer.get(30, TimeUnit.SECONDS);
        assertThat(done.value()).isEqualTo(SecureInputCard.DONE);
        assertThat(done.ownerAuthenticated()).isTrue();
        assertThat(demo.secureInput().isStored(ref)).isTrue();
        assertThat(browser.value(OWNER, form + " input[type=password]")).isEmpty();
        assertThat(browser.content(OWNER)).doesNotContain(SECRET);
        assertThat(browser.storage(OWNER)).doesNotContain(SECRET);
        assertThat(String.join("\n", browser.sentFrames(OWNER))).doesNotContain(SECRET);
        assertThat(String.join("\n", browser.receivedFrames(OWNER))).doesNotContain(SECRET);
        assertThat(demo.chronicle().getRecent(scope(), 500))
                .allSatisfy(i -> assertThat(i.content()).doesNotContain(SECRET));
        assertThat(demo.auditLog().verifyChain().valid()).isTrue();
        assertThat(demo.auditLog().findByEvent("secret_stored")).isNotEmpty();
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(SECRET);
            }
        }
        assertThat(TRANSCRIPT.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
    }

    /** Opens a second socket with the page's own session and sends {@code arg} (a captured frame) verbatim. */
    static final String REPLAY_FRAME = """
            const token = sessionStorage.getItem('silas.token');
            return await new Promise((resolve, reject) => {
              const ws = new WebSocket(`ws://${location.host}/ws`);
              ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token }));
              ws.onmessage = (e) => {
                const f = JSON.parse(e.data);
                if (f.type === 'hello') ws.send(arg);
                else if (f.type === 'reply' || f.type === 'error') { ws.close(); resolve(f); }
              };
              ws.onclose = (e) => resolve({ type: 'closed', code: e.code });
              setTimeout(() => reject(new Error('no reply to the replayed frame')), 15000);
            });
            """;

    static Path repoRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("silas-web")) ? here : here.getParent();
    }
}
