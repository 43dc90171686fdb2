package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.json.Json;
import io.silas.core.work.WorkItemStatus;
import io.silas.examples.WebDemo;
import io.silas.web.CloseCodes;
import io.silas.web.WebChannel;
import io.silas.web.browser.BrowserSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outsiders against the web channel (threat-model promise: only the owner approves). The owner's browser is
 * enrolled and has a plan card waiting; a second browser profile — its own IndexedDB, so its own device key — tries
 * to approve it with a guest session, with the owner's stolen session token, with the owner's signed answer altered,
 * and with the owner's approval replayed. The promise is asserted on what ran: the plan stays un-executed (no work
 * item done, the card still pending) until the owner's own click, which then does run it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutsiderWebAttackTest {
    private static final String OWNER = "owner";
    private static final String OUTSIDER = "outsider";
    private static final String CARD = ".card[data-card-type=plan_approval]";
    @TempDir
    static Path dir;
    private static WebDemo demo;
    private static BrowserSession browser;
    private static URI base;
    private static String cardId;
    private static String guestToken;

    @BeforeAll
    static void start() throws Exception {
        demo = new WebDemo(dir.resolve("data"), dir.resolve("master.key"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC());
        URI url = demo.start(0);
        base = URI.create(url.toString().substring(0, url.toString().indexOf('#')));
        browser = BrowserSession.start();
        browser.open(OWNER, OWNER, url.toString());
        browser.waitFor(OWNER, "#status[data-state=ready]");
        browser.fill(OWNER, "#text", "Please write today's release note.");
        browser.press(OWNER, "#text", "Enter");
        browser.waitFor(OWNER, CARD);
        cardId = browser.texts(OWNER, CARD + " .plan-hash").isEmpty() ? null
                : attr(OWNER, CARD, "data-card-id");
        guestToken = demo.web().issueGuestToken("web-guest-1", Duration.ofMinutes(10));
        browser.open(OUTSIDER, OUTSIDER, base + "#token=" + guestToken);
        browser.waitFor(OUTSIDER, "#status[data-state=ready]");
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

    @Test
    @Order(1)
    void guestProfile_signingWithItsOwnKey_cannotApproveOrEnrol() {
        JsonNode answer = signInPage(OUTSIDER, cardId, "approve");
        List<JsonNode> replies = rawSession(OUTSIDER, guestToken, List.of(answer.toString(),
                Json.write(Map.of("type", "enrol", "code", "0".repeat(32), "public_key", publicKey(OUTSIDER)))));

        assertThat(replies).extracting(r -> r.path("reason").asText()).containsExactly("not_owner", "not_owner");
        assertPlanNotRun();
        assertThat(demo.web().ownerDevice().fingerprint()).isNotEqualTo(fingerprintOf(publicKey(OUTSIDER)));
    }

    @Test
    @Order(2)
    void stolenOwnerSessionToken_withoutTheDeviceKey_cannotApproveOrReEnrol() {
        String stolen = ownerToken();
        JsonNode answer = signInPage(OUTSIDER, cardId, "approve");
        List<JsonNode> replies = rawSession(OUTSIDER, stolen, List.of(answer.toString(),
                Json.write(Map.of("type", "enrol", "code", "0".repeat(32), "public_key", publicKey(OUTSIDER)))));

        assertThat(replies).extracting(r -> r.path("reason").asText())
                .containsExactly("signature_invalid", "already_enrolled");
        assertPlanNotRun();
    }

    @Test
    @Order(3)
    void ownersSignedAnswer_withTheChoiceChanged_isRefused() {
        JsonNode declineByOwner = signInPage(OWNER, cardId, "decline");
        String forged = declineByOwner.toString().replace("\"choice\":\"decline\"", "\"choice\":\"approve\"");
        assertThat(forged).contains("\"choice\":\"approve\"");

        List<JsonNode> replies = rawSession(OUTSIDER, ownerToken(), List.of(forged));

        assertThat(replies).extracting(r -> r.path("reason").asText()).containsExactly("signature_invalid");
        assertPlanNotRun();
    }

    @Test
    @Order(4)
    void unknownOrExpiredSessions_areClosedWithTheDocumentedCodes() {
        String expired = demo.web().issueGuestToken("web-guest-2", Duration.ofMillis(1));
        JsonNode unknown = browser.evaluate(OUTSIDER, OPEN_AND_CLOSE, "not-a-token");
        JsonNode late = browser.evaluate(OUTSIDER, OPEN_AND_CLOSE, expired);
        JsonNode noAuth = browser.evaluate(OUTSIDER, OPEN_AND_CLOSE_NO_AUTH, null);

        assertThat(unknown.path("code").asInt()).isEqualTo(CloseCodes.UNAUTHENTICATED);
        assertThat(late.path("code").asInt()).isEqualTo(CloseCodes.SESSION_EXPIRED);
        assertThat(noAuth.path("code").asInt()).isEqualTo(CloseCodes.UNAUTHENTICATED);
        assertPlanNotRun();
    }

    @Test
    @Order(5)
    void ownersApprovalReplayed_isRefused_afterTheOwnersOwnClickRanThePlan() {
        browser.click(OWNER, CARD + " button[data-value=approve]");
        browser.waitText(OWNER, "#stream .msg.progress", "[done]");
        assertThat(demo.workItems().listByStatus(WorkItemStatus.DONE)).hasSize(1);
        String approval = browser.sentFrames(OWNER).stream().filter(f -> f.contains("\"card_answer\""))
                .filter(f -> f.contains("\"approve\"")).findFirst().orElseThrow();

        browser.fill(OWNER, "#text", "Please write the release note again.");
        browser.press(OWNER, "#text", "Enter");
        browser.waitFor(OWNER, CARD + ":not(.answered)");
        String secondCard = attr(OWNER, CARD + ":not(.answered)", "data-card-id");
        String retargeted = approval.replace(cardId, secondCard);
        List<JsonNode> replies = rawSession(OUTSIDER, ownerToken(), List.of(approval, retargeted));

        assertThat(replies).extracting(r -> r.path("reason").asText())
                .containsExactly("replayed_nonce", "signature_invalid");
        assertThat(demo.workItems().listByStatus(WorkItemStatus.DONE)).hasSize(1);
        assertThat(demo.cards().pendingCount()).isEqualTo(1);
        assertThat(demo.auditLog().findByEvent(WebChannel.EVENT_ANSWER_VERIFIED)).hasSize(1);
        assertThat(demo.auditLog().findByEvent(WebChannel.EVENT_ANSWER_REFUSED)).hasSize(5);
    }

    private static void assertPlanNotRun() {
        assertThat(demo.workItems().listByStatus(WorkItemStatus.DONE)).isEmpty();
        assertThat(demo.workItems().listByStatus(WorkItemStatus.RUNNING)).isEmpty();
        assertThat(demo.cards().pendingCount()).isEqualTo(1);
        assertThat(demo.auditLog().findByEvent(WebChannel.EVENT_ANSWER_VERIFIED)).isEmpty();
    }

    private static String attr(String page, String selector, String name) {
        return browser.evaluate(page, "return document.querySelector(arg.s).getAttribute(arg.n);",
                Map.of("s", selector, "n", name)).asText();
    }

    private static String ownerToken() {
        return Json.tree(Json.read(browser.storage(OWNER), Object.class)).path("session").path("silas.token")
                .asText();
    }

    private static String publicKey(String page) {
        return browser.evaluate(page, """
                const keys = await import('/keys.js');
                return keys.publicKeyBase64(await keys.deviceKey());
                """, null).asText();
    }

    private static String fingerprintOf(String publicKeyBase64) {
        return io.silas.core.trust.SigningKeys.fingerprint(java.util.Base64.getDecoder().decode(publicKeyBase64));
    }

    /** A card answer signed in {@code page} with that profile's device key. */
    private static JsonNode signInPage(String page, String card, String choice) {
        return browser.evaluate(page, """
                const keys = await import('/keys.js');
                return keys.signAnswer(await keys.deviceKey(), arg.card, arg.choice);
                """, Map.of("card", card, "choice", choice));
    }

    /** Opens a raw socket from {@code page} with {@code token}, sends each frame and collects the answer to each. */
    private static List<JsonNode> rawSession(String page, String token, List<String> frames) {
        JsonNode replies = browser.evaluate(page, """
                return await new Promise((resolve, reject) => {
                  const out = [];
                  const ws = new WebSocket(`ws://${location.host}/ws`);
                  const next = () => {
                    if (out.length === arg.frames.length) { ws.close(); resolve(out); }
                    else ws.send(arg.frames[out.length]);
                  };
                  ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token: arg.token }));
                  ws.onmessage = (e) => {
                    const f = JSON.parse(e.data);
                    if (f.type === 'hello') next();
                    else if (['card_result', 'enrol_refused', 'enrolled', 'error'].includes(f.type)) {
                      out.push(f);
                      next();
                    }
                  };
                  ws.onclose = (e) => resolve(out.concat([{ type: 'closed', code: e.code }]));
                  setTimeout(() => reject(new Error('no answer on the raw socket')), 15000);
                });
                """, Map.of("token", token, "frames", frames));
        List<JsonNode> out = new java.util.ArrayList<>();
        replies.forEach(out::add);
        return out;
    }

    private static final String OPEN_AND_CLOSE = """
            return await new Promise((resolve) => {
              const ws = new WebSocket(`ws://${location.host}/ws`);
              ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token: arg }));
              ws.onclose = (e) => resolve({ code: e.code });
            });
            """;

    private static final String OPEN_AND_CLOSE_NO_AUTH = """
            return await new Promise((resolve) => {
              const ws = new WebSocket(`ws://${location.host}/ws`);
              ws.onopen = () => ws.send(JSON.stringify({ type: 'message', text: 'hello' }));
              ws.onclose = (e) => resolve({ code: e.code });
            });
            """;
}
