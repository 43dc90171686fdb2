package io.silas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelMessageTest {
    private static final Instant AT = Instant.parse("2026-02-01T12:00:00Z");

    @Test
    void json_roundTrip_snakeCaseFields() {
        ChannelMessage message = new ChannelMessage("m-1", "telegram", "chat-42", "hi", AT, List.of("/tmp/a.png"),
                "m-0", Map.of("chat_type", "private"));

        String json = message.toJson();

        assertThat(json).contains("\"message_id\":\"m-1\"", "\"sender_id\":\"chat-42\"", "\"reply_to\":\"m-0\"",
                "\"timestamp\":\"2026-02-01T12:00:00Z\"");
        assertThat(ChannelMessage.fromJson(json)).isEqualTo(message);
    }

    @Test
    void fromJson_unknownField_invalidInput() {
        String json = "{\"message_id\":\"m\",\"channel\":\"web\",\"sender_id\":\"u\",\"text\":\"t\","
                + "\"timestamp\":\"2026-02-01T12:00:00Z\",\"taint\":\"owner\"}";

        assertThatThrownBy(() -> ChannelMessage.fromJson(json))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void fromJson_optionalFieldsAbsent_defaults() {
        ChannelMessage m = ChannelMessage.fromJson("{\"message_id\":\"m\",\"channel\":\"web\",\"sender_id\":\"u\","
                + "\"text\":\"\",\"timestamp\":\"2026-02-01T12:00:00Z\"}");

        assertThat(m.attachments()).isEmpty();
        assertThat(m.metadata()).isEmpty();
        assertThat(m.replyTo()).isNull();
    }

    @Test
    void constructor_missingRequiredFields_namesField() {
        assertThatThrownBy(() -> new ChannelMessage(" ", "web", "u", "t", AT, null, null, null)).hasMessageContaining("message_id");
        assertThatThrownBy(() -> new ChannelMessage("m", "", "u", "t", AT, null, null, null)).hasMessageContaining("channel");
        assertThatThrownBy(() -> new ChannelMessage("m", "web", null, "t", AT, null, null, null)).hasMessageContaining("sender_id");
        assertThatThrownBy(() -> new ChannelMessage("m", "web", "u", null, AT, null, null, null)).hasMessageContaining("text");
        assertThatThrownBy(() -> new ChannelMessage("m", "web", "u", "t", null, null, null, null)).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> new ChannelMessage("m", "web", "u", "t", AT, null, " ", null)).hasMessageContaining("reply_to");
    }

    @Test
    void toString_omitsText() {
        ChannelMessage m = ChannelMessage.of("web", "u", "very private words", AT);
        assertThat(m.toString()).doesNotContain("private").contains("text=<18 chars>");
    }
}
