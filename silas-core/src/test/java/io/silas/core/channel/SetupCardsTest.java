package io.silas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.vocabulary.RiskLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetupCardsTest {
    @Test
    void json_explicitTypeNames_roundTrip() {
        List<Card> cards = List.of(
                DeviceCodeCard.of("c1", "Mail", "https://example.com/device", "ABCD-1234", 900, 600),
                BrowserRedirectCard.of("c2", "Mail", "https://example.com/auth", 600),
                SecureInputCard.of("c3", "ref1", "API token", "tok_", "Create a token", null, null, 600),
                ProgressCard.of("c4", "Mail", "Waiting", 40.0, 60),
                CompletionCard.of("c5", "Mail", true, "Connected", List.of("mail.read"), 60),
                ConnectionFailureCard.of("c6", "consent_denied", "Mail", "Consent was denied",
                        List.of(new CardAction("retry", "Try again")), 60),
                PermissionEscalationCard.of("c7", "conn-1", "Mail", List.of("mail.read"), List.of("mail.send"),
                        RiskLevel.MEDIUM, "Send the report", 300));
        List<String> names = List.of("device_code", "browser_redirect", "secure_input", "progress", "completion",
                "connection_failure", "permission_escalation");
        for (int i = 0; i < cards.size(); i++) {
            String json = Json.write(cards.get(i));
            assertThat(json).contains("\"card_type\":\"" + names.get(i) + "\"");
            assertThat(Json.read(json, Card.class)).isEqualTo(cards.get(i));
        }
    }

    @Test
    void safeValues_cancelDenySkipDismiss() {
        assertThat(DeviceCodeCard.of("c", "M", "https://e.com/d", "X", 1, 1).safeValue()).isEqualTo("cancel");
        assertThat(BrowserRedirectCard.of("c", "M", "https://e.com/a", 1).safeValue()).isEqualTo("cancel");
        assertThat(SecureInputCard.of("c", "r", "L", null, "G", null, null, 1).safeValue()).isEqualTo("cancel");
        assertThat(ProgressCard.of("c", "M", "m", null, 1).safeValue()).isEqualTo("dismiss");
        assertThat(ConnectionFailureCard.of("c", "unknown", "M", "m", List.of(), 1).safeValue()).isEqualTo("skip");
        assertThat(PermissionEscalationCard.of("c", "id", "M", List.of(), List.of("x.write"), RiskLevel.HIGH, "r", 1)
                .safeValue()).isEqualTo("deny");
    }

    @Test
    void secureInputCard_hasNoValueField_andPlainLinkGoesInDetails() {
        SecureInputCard card = SecureInputCard.of("c", "ref1", "API token", null, "Create a token", null,
                "https://host/secrets/ref1", 60);
        assertThat(Json.tree(card).has("value")).isFalse();
        assertThat(card.details()).isEqualTo("Secure form: https://host/secrets/ref1");
        assertThat(TextCardFallback.render(card)).contains("https://host/secrets/ref1").contains("Cancel setup");
    }

    @Test
    void failureCard_skipAlwaysLastAndOnlyOnce() {
        ConnectionFailureCard card = ConnectionFailureCard.of("c", "rate_limited", "Mail", "Slow down",
                List.of(new CardAction("skip", "Skip"), new CardAction("retry_later", "Retry later")), 60);
        assertThat(card.actions()).extracting(CardAction::value).containsExactly("retry_later", "skip");
        assertThatThrownBy(() -> new ConnectionFailureCard("c", "unknown", "M", "m", "i", RiskLevel.LOW, "r",
                List.of(new CardAction("retry", "Retry")), null, 60))
                .isInstanceOf(SilasException.class).hasMessageContaining("actions");
    }

    @Test
    void escalationCard_onlyMediumOrHighRisk() {
        assertThatThrownBy(() -> PermissionEscalationCard.of("c", "id", "M", List.of(), List.of("x.write"),
                RiskLevel.LOW, "r", 60)).isInstanceOf(SilasException.class).hasMessageContaining("risk_level");
        assertThatThrownBy(() -> PermissionEscalationCard.of("c", "id", "M", List.of(), List.of(),
                RiskLevel.HIGH, "r", 60)).isInstanceOf(SilasException.class);
    }
}
