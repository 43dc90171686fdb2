package io.silas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SignedMessageTest {
    private static final Instant AT = Instant.parse("2026-02-01T12:00:00Z");

    @Test
    void canonicalBytes_documentedExample_exactBytes() {
        byte[] bytes = SignedMessage.canonicalBytes("hello", AT, "0123456789abcdef");

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("{\"nonce\":\"0123456789abcdef\",\"text\":\"hello\",\"timestamp\":\"2026-02-01T12:00:00.000Z\"}");
        assertThat(bytes).hasSize(82);
    }

    @Test
    void canonicalBytes_nonAsciiAndEscapes_literalUtf8AndJacksonEscapes() {
        byte[] bytes = SignedMessage.canonicalBytes("grüß \"q\" \\ \n\t\u0001\u001f \uD83D\uDE00", Instant.parse("2026-02-01T12:00:00.123Z"), "n");

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(
                "{\"nonce\":\"n\",\"text\":\"grüß \\\"q\\\" \\\\ \\n\\t\\u0001\\u001f \uD83D\uDE00\",\"timestamp\":\"2026-02-01T12:00:00.123Z\"}");
    }

    @Test
    void canonicalBytes_delimiterLookalikes_distinct() {
        assertThat(SignedMessage.canonicalBytes("a\",\"nonce\":\"x", AT, "n"))
                .isNotEqualTo(SignedMessage.canonicalBytes("a", AT, "x"));
    }

    @Test
    void formatTimestamp_alwaysThreeFractionDigits() {
        assertThat(SignedMessage.formatTimestamp(AT)).isEqualTo("2026-02-01T12:00:00.000Z");
        assertThat(SignedMessage.formatTimestamp(Instant.parse("2026-02-01T12:00:00.5Z"))).isEqualTo("2026-02-01T12:00:00.500Z");
    }

    @Test
    void json_roundTrip_base64SignatureAndSignedTimestampString() {
        byte[] sig = new byte[64];
        sig[0] = (byte) 0xfb;
        sig[63] = 0x3f;
        SignedMessage signed = new SignedMessage(ChannelMessage.of("web", "owner", "hi", AT), sig, "0123456789abcdef",
                Instant.parse("2026-02-01T12:00:00.250Z"));

        String json = signed.toJson();

        assertThat(json).contains("\"signature\":\"" + Base64.getEncoder().encodeToString(sig) + "\"",
                "\"timestamp\":\"2026-02-01T12:00:00.250Z\"", "\"nonce\":\"0123456789abcdef\"");
        assertThat(SignedMessage.fromJson(json)).isEqualTo(signed);
    }

    @Test
    void fromJson_taintFieldSupplied_rejected() {
        String json = new SignedMessage(ChannelMessage.of("web", "owner", "hi", AT), new byte[64], "0123456789abcdef", AT)
                .toJson().replaceFirst("\\{", "{\"taint\":\"owner\",");

        assertThatThrownBy(() -> SignedMessage.fromJson(json))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void constructor_subMillisecondTimestamp_invalidInput() {
        assertThatThrownBy(() -> new SignedMessage(ChannelMessage.of("web", "o", "t", AT), new byte[64], "n",
                Instant.parse("2026-02-01T12:00:00.000001Z")))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.getMessage()).contains("millisecond precision"));
    }

    @Test
    void constructor_anySignatureLength_accepted() {
        assertThat(new SignedMessage(ChannelMessage.of("web", "o", "t", AT), new byte[0], "", AT).signature()).isEmpty();
    }

    @Test
    void signature_defensivelyCopied() {
        byte[] sig = new byte[64];
        SignedMessage signed = new SignedMessage(ChannelMessage.of("web", "o", "t", AT), sig, "n", AT);
        sig[0] = 9;
        signed.signature()[1] = 9;
        assertThat(signed.signature()).isEqualTo(new byte[64]);
    }

    @Test
    void toString_omitsText() {
        SignedMessage signed = new SignedMessage(ChannelMessage.of("web", "o", "secret plans", AT), new byte[64], "n", AT);
        assertThat(signed.toString()).doesNotContain("secret plans");
    }
}
