package io.silas.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.OwnerSigner;
import io.silas.core.channel.SignedMessage;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.TaintLevel;
import io.silas.web.browser.BrowserSession;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser client's signatures and the Java SDK's are interchangeable: bytes signed by the client's WebCrypto
 * device key (the module served by the web channel, in headless Chromium) verify in Java, and Java
 * {@link OwnerSigner} signatures verify in the browser — for text with quotes, newlines, control characters and
 * characters outside the BMP.
 */
class SignatureCrossCheckBrowserTest {
    /** Text exercising every escaping rule of the canonical form. */
    static final String TRICKY = "Owner says \"hi\"\\n\ttab\u0001ctl \u00e9t\u00e9 \uD83D\uDE80 </script> end";
    private static final Clock CLOCK = Clock.systemUTC();
    private static WebChannel web;
    private static BrowserSession browser;

    @BeforeAll
    static void start() throws Exception {
        web = WebChannel.builder().clock(CLOCK).audit(AuditLog.inMemory(CLOCK)).nonceStore(NonceStore.inMemory())
                .build();
        URI base = web.start(0);
        browser = BrowserSession.start();
        browser.open("page", "owner", base.toString());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (web != null) {
            web.close();
        }
    }

    @Test
    void aMessageSignedInTheBrowserIsOwnerInJava() {
        JsonNode signed = browser.evaluate("page", """
                const keys = await import('/keys.js');
                const pair = await keys.deviceKey();
                const frame = await keys.signMessage(pair, arg);
                return { publicKey: await keys.publicKeyBase64(pair), frame };
                """, TRICKY);
        byte[] publicKey = Base64.getDecoder().decode(signed.path("publicKey").asText());
        JsonNode frame = signed.path("frame");
        assertThat(frame.path("text").asText()).isEqualTo(TRICKY);
        Instant timestamp = Instant.parse(frame.path("timestamp").asText());
        byte[] signature = Base64.getDecoder().decode(frame.path("signature").asText());

        assertThat(SigningKeys.verify(publicKey, SignedMessage.canonicalBytes(TRICKY, timestamp,
                frame.path("nonce").asText()), signature)).isTrue();
        MessageTrust trust = MessageTrust.builder().ownerPublicKey(publicKey).nonceStore(NonceStore.inMemory())
                .audit(AuditLog.inMemory(CLOCK)).clock(CLOCK).build();
        SignedMessage message = new SignedMessage(ChannelMessage.of("web", "owner", TRICKY, CLOCK.instant()),
                signature, frame.path("nonce").asText(), timestamp);
        assertThat(trust.classify(message).taint()).isEqualTo(TaintLevel.OWNER);
        // The same signature over other text does not verify: the check is real.
        assertThat(SigningKeys.verify(publicKey, SignedMessage.canonicalBytes(TRICKY + "!", timestamp,
                frame.path("nonce").asText()), signature)).isFalse();
    }

    @Test
    void aCardAnswerSignedInTheBrowserVerifiesInJavaOnce() {
        JsonNode signed = browser.evaluate("page", """
                const keys = await import('/keys.js');
                const pair = await keys.deviceKey();
                return { publicKey: await keys.publicKeyBase64(pair),
                         frame: await keys.signAnswer(pair, 'card-\u00e9-1', 'approve') };
                """, null);
        JsonNode frame = signed.path("frame");
        OwnerDevice device = OwnerDevice.inMemory(CLOCK);
        device.enrol(device.newEnrolmentCode(), Base64.getDecoder().decode(signed.path("publicKey").asText()));
        CardAnswerVerifier verifier = new CardAnswerVerifier(device, NonceStore.inMemory(), CLOCK,
                Duration.ofMinutes(5));
        SignedCardAnswer answer = new SignedCardAnswer(frame.path("card_id").asText(), frame.path("choice").asText(),
                frame.path("nonce").asText(), Instant.parse(frame.path("timestamp").asText()),
                Base64.getDecoder().decode(frame.path("signature").asText()));

        assertThat(verifier.verify(answer)).isEqualTo(CardAnswerVerifier.Verdict.ACCEPTED);
        assertThat(verifier.verify(answer)).isEqualTo(CardAnswerVerifier.Verdict.REPLAYED_NONCE);
        SignedCardAnswer otherChoice = new SignedCardAnswer(answer.cardId(), "decline", answer.nonce(),
                answer.timestamp(), answer.signature());
        assertThat(verifier.verify(otherChoice)).isEqualTo(CardAnswerVerifier.Verdict.SIGNATURE_INVALID);
    }

    @Test
    void aJavaOwnerSignerSignatureVerifiesInTheBrowser() {
        SigningKeys keys = SigningKeys.generate();
        SignedMessage signed = new OwnerSigner(keys, CLOCK).sign(ChannelMessage.of("web", "owner", TRICKY,
                CLOCK.instant()));
        Map<String, String> arg = Map.of("publicKey", Base64.getEncoder().encodeToString(keys.publicKey()),
                "text", TRICKY, "timestamp", SignedMessage.formatTimestamp(signed.timestamp()),
                "nonce", signed.nonce(), "signature", Base64.getEncoder().encodeToString(signed.signature()));

        JsonNode verdicts = browser.evaluate("page", """
                const keys = await import('/keys.js');
                const ok = await keys.verify(arg.publicKey, keys.messageBytes(arg.text, arg.timestamp, arg.nonce),
                    arg.signature);
                const tampered = await keys.verify(arg.publicKey,
                    keys.messageBytes(arg.text + '!', arg.timestamp, arg.nonce), arg.signature);
                return { ok, tampered };
                """, arg);

        assertThat(verdicts.path("ok").asBoolean()).isTrue();
        assertThat(verdicts.path("tampered").asBoolean()).isFalse();
    }
}
