package io.silas.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.connection.ConnectionFailure.FailureType;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure rules: escalation risk and tiers, proactive-refresh decisions, the recovery-options table. */
class ConnectionRulesTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static Connection connection(Instant tokenExpires, Instant refreshExpires, Instant createdAt,
                                         Instant lastUsed) {
        return new Connection("conn-1", "Mail", "personal", "mail", AuthStrategy.DEVICE_CODE,
                List.of(ConnectionPermission.OBSERVE), List.of("Mail.Read"), List.of("Mail.Read", "Mail.Send",
                "Calendars.Read"), List.of("Mail.Read"), ConnectionStatus.ACTIVE, "*/30 * * * *", createdAt,
                tokenExpires, refreshExpires, null, null, lastUsed);
    }

    @Test
    void escalationRisk_sameResourceMedium_newResourceHigh() {
        assertThat(PermissionEscalationRequest.riskOf(List.of("Mail.Read"), List.of("mail.send")))
                .isEqualTo(PermissionEscalationRequest.Risk.MEDIUM);
        assertThat(PermissionEscalationRequest.riskOf(List.of("Mail.Read"), List.of("Mail.Send", "Calendars.Read")))
                .isEqualTo(PermissionEscalationRequest.Risk.HIGH);
        assertThat(PermissionEscalationRequest.riskOf(List.of(), List.of("files")))
                .isEqualTo(PermissionEscalationRequest.Risk.HIGH);
        assertThat(PermissionEscalationRequest.resourceOf("Calendars.ReadWrite")).isEqualTo("calendars");
    }

    @Test
    void escalationTiers_followTheAccessPart() {
        assertThat(PermissionEscalationRequest.tierOf("mail.read")).isEqualTo(ConnectionPermission.OBSERVE);
        assertThat(PermissionEscalationRequest.tierOf("mail.draft")).isEqualTo(ConnectionPermission.DRAFT);
        assertThat(PermissionEscalationRequest.tierOf("Mail.Send")).isEqualTo(ConnectionPermission.ACT);
        assertThat(PermissionEscalationRequest.tierOf("Calendars.ReadWrite")).isEqualTo(ConnectionPermission.ACT);
        assertThat(PermissionEscalationRequest.tierOf("mailbox.settings")).isEqualTo(ConnectionPermission.MANAGE);
        assertThat(PermissionEscalationRequest.tiers(List.of(ConnectionPermission.OBSERVE), List.of("Mail.Send")))
                .containsExactly(ConnectionPermission.OBSERVE, ConnectionPermission.ACT);
    }

    @Test
    void escalationRequest_onlyNewOfferedScopes_workItemBindsRequest() {
        Connection c = connection(null, null, NOW, null);
        PermissionEscalationRequest request = PermissionEscalationRequest.of(c, List.of("Mail.Read", "Mail.Send"),
                "send");
        assertThat(request.requestedPermissions()).containsExactly("Mail.Send");
        assertThat(request.approvalWorkItem()).isEqualTo(
                PermissionEscalationRequest.of(c, List.of("Mail.Send"), "send").approvalWorkItem());
        assertThat(request.approvalWorkItem()).isNotEqualTo(
                PermissionEscalationRequest.of(c, List.of("Mail.Send"), "other reason").approvalWorkItem());
        assertInvalid(() -> PermissionEscalationRequest.of(c, List.of("Mail.Read"), "x"), "requested_permissions");
        assertInvalid(() -> PermissionEscalationRequest.of(c, List.of("Files.Read"), "x"), "requested_permissions");
        assertInvalid(() -> new PermissionEscalationRequest("c", "n", List.of("Mail.Read"), List.of("Files.Read"),
                "x", PermissionEscalationRequest.Risk.MEDIUM), "risk_level");
    }

    @Test
    void refreshRules_accessTokenWithinTenMinutes_refreshNow() {
        Instant created = NOW.minus(Duration.ofDays(1));
        assertThat(RefreshDecision.evaluate(connection(NOW.plus(Duration.ofMinutes(9)), null, created, null), NOW)
                .refreshNow()).isTrue();
        assertThat(RefreshDecision.evaluate(connection(NOW.plus(Duration.ofMinutes(10)), null, created, null), NOW)
                .refresh()).isFalse();
        assertThat(RefreshDecision.evaluate(connection(NOW.minusSeconds(1), null, created, null), NOW)
                .refreshNow()).isTrue();
        assertThat(RefreshDecision.evaluate(connection(null, null, created, null), NOW))
                .isEqualTo(new RefreshDecision(false, false, null));
    }

    @Test
    void refreshRules_refreshTokenWithinSevenDays_suggestIfUsedElseDormantRefresh() {
        Instant soon = NOW.plus(Duration.ofDays(6));
        Instant created = NOW.minus(Duration.ofDays(60));
        RefreshDecision used = RefreshDecision.evaluate(connection(null, soon, created,
                NOW.minus(Duration.ofDays(29))), NOW);
        assertThat(used.suggestion()).isEqualTo(new ReconnectSuggestion("conn-1", "Mail", soon, 6));
        assertThat(used.refresh()).isFalse();
        RefreshDecision dormant = RefreshDecision.evaluate(connection(null, soon, created,
                NOW.minus(Duration.ofDays(30))), NOW);
        assertThat(dormant.dormantRefresh()).isTrue();
        assertThat(dormant.suggestion()).isNull();
        assertThat(RefreshDecision.evaluate(connection(null, NOW.plus(Duration.ofDays(7)), created, NOW), NOW))
                .isEqualTo(new RefreshDecision(false, false, null));
    }

    @Test
    void recoveryTable_everyTypeEndsWithSkip() {
        assertThat(actions(RecoveryOptions.forType(FailureType.ENTERPRISE_POLICY_BLOCK)))
                .containsExactly("draft_it_request", "use_personal_account", "skip");
        assertThat(actions(RecoveryOptions.forType(FailureType.CONSENT_DENIED)))
                .containsExactly("retry", "retry_fewer_permissions", "skip");
        assertThat(actions(RecoveryOptions.forType(FailureType.MFA_REQUIRED))).containsExactly("retry", "skip");
        assertThat(actions(RecoveryOptions.forType(FailureType.TOKEN_REVOKED))).containsExactly("reconnect", "skip");
        assertThat(actions(RecoveryOptions.forType(FailureType.RATE_LIMITED))).containsExactly("retry_later", "skip");
        assertThat(actions(RecoveryOptions.forType(FailureType.SERVICE_UNAVAILABLE)))
                .containsExactly("retry_later", "skip");
        assertThat(actions(RecoveryOptions.forType(FailureType.UNKNOWN))).containsExactly("retry", "skip");
    }

    @Test
    void recoveryOptions_ownOptionsKept_skipMovedToEndOnce() {
        RecoveryOption wait = new RecoveryOption("wait", "Wait", "Wait a bit.", RecoveryOption.RiskLevel.LOW);
        ConnectionFailure own = new ConnectionFailure(FailureType.RATE_LIMITED, "S", "m",
                List.of(RecoveryOption.skip(), wait));
        assertThat(actions(RecoveryOptions.forFailure(own))).containsExactly("wait", "skip");
        assertThat(actions(RecoveryOptions.forFailure(ConnectionFailure.unknown("S", "crashed"))))
                .containsExactly("retry", "skip");
        assertThat(RecoveryOptions.withOptions(own).message()).isEqualTo("m");
    }

    private static List<String> actions(List<RecoveryOption> options) {
        return options.stream().map(RecoveryOption::action).toList();
    }

    private static void assertInvalid(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOf(SilasException.class)
                .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining(field);
    }
}
