package io.silas.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionRecordsTest {
    private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-02-01T11:00:00Z");

    static Connection outlook() {
        return new Connection("svc-1", "Outlook — user@example.com", "personal", "m365-outlook",
                AuthStrategy.DEVICE_CODE, List.of(ConnectionPermission.OBSERVE),
                List.of("Mail.ReadBasic", "offline_access"), List.of("Mail.ReadWrite", "Mail.Send"),
                List.of("Mail.ReadBasic", "offline_access"), ConnectionStatus.ACTIVE, "*/30 * * * *", T0, T1,
                T1.plusSeconds(86_400 * 90L), T0, T0, null);
    }

    static SecureInputRequest notionRequest() {
        return new SecureInputRequest("ref_abc123", "Notion integration token", "ntn_...",
                new SecureInputRequest.Guidance("Create an internal integration, then paste its token.",
                        "https://www.notion.so/my-integrations"));
    }

    static ConnectionFailure policyBlock() {
        return new ConnectionFailure(ConnectionFailure.FailureType.ENTERPRISE_POLICY_BLOCK, "Microsoft 365",
                "Your organization's IT policy prevents personal apps from accessing Microsoft 365.",
                List.of(new RecoveryOption("request_admin_approval", "Draft IT request", "Drafts an email to IT.",
                        RecoveryOption.RiskLevel.MEDIUM), RecoveryOption.skip()));
    }

    static Stream<Arguments> steps() {
        return Stream.of(
                Arguments.of(new SetupStep.DeviceCode("https://microsoft.com/devicelogin", "ABCD-EFGH", 900, 5),
                        "device_code"),
                Arguments.of(new SetupStep.BrowserRedirect("https://accounts.spotify.com/authorize?x=1",
                        "127.0.0.1:53682"), "browser_redirect"),
                Arguments.of(new SetupStep.SecureInput(notionRequest()), "secure_input"),
                Arguments.of(new SetupStep.Progress("Waiting for sign-in", 40.0), "progress"),
                Arguments.of(new SetupStep.Progress("Exchanging code", null), "progress"),
                Arguments.of(new SetupStep.Completion(true, "Connected; 12 unread mails.", List.of("Mail.ReadBasic")),
                        "completion"),
                Arguments.of(new SetupStep.Failure(policyBlock()), "failure"));
    }

    static Stream<Object> samples() {
        return Stream.of(outlook(), notionRequest(), new SecureInputRequest("r1", "API key", null,
                        new SecureInputRequest.Guidance("Paste the key.", null)),
                new SecureInputCompleted("ref_abc123", true), new SecureInputCompleted("ref_abc123", false),
                new HealthCheckResult(true, T1, T1.plusSeconds(3600), 120, null, List.of("rate limit at 80%")),
                new HealthCheckResult(false, null, null, 0, "token_expired", List.of()),
                policyBlock(), ConnectionFailure.unknown("Notion", "setup script crashed"), RecoveryOption.skip(),
                new SetupStepResponse("device_code", SetupStepResponse.Action.TROUBLE),
                new CredentialRefs("owner", Map.of("CREDENTIAL_REF_API_KEY", "secure-input/ref_a")));
    }

    @Test
    void credentialRefs_nameWithoutPrefixOrBlankRef_rejected() {
        assertRejected(() -> new CredentialRefs("owner", Map.of("PATH", "/tmp")));
        assertRejected(() -> new CredentialRefs("owner", Map.of("CREDENTIAL_REF_key", "secure-input/a")));
        assertRejected(() -> new CredentialRefs("owner", Map.of("CREDENTIAL_REF_KEY", " ")));
        assertRejected(() -> new CredentialRefs(" ", Map.of()));
        assertRejected(() -> new CredentialRefs("owner", null));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void json_sample_roundTripsThroughSharedAndStrictMapper(Object sample) {
        String json = Json.write(sample);
        assertThat(Json.read(json, sample.getClass())).isEqualTo(sample);
        assertThat(Json.readStrict(json, sample.getClass())).isEqualTo(sample);
    }

    @Test
    void json_connection_usesSpecNames() {
        assertThat(Json.write(outlook())).contains("\"connection_id\":\"svc-1\"", "\"skill_name\":\"m365-outlook\"",
                "\"auth_strategy\":\"device_code\"", "\"permissions\":[\"observe\"]", "\"status\":\"active\"",
                "\"permissions_granted\"", "\"initial_permissions\"", "\"refresh_token_expires_at\"",
                "\"health_check\":\"*/30 * * * *\"");
        assertThat(Json.write(policyBlock())).contains("\"failure_type\":\"enterprise_policy_block\"",
                "\"recovery_options\"", "\"risk_level\":\"medium\"");
    }

    @Nested
    class Steps {
        @ParameterizedTest
        @MethodSource("io.silas.core.connection.ConnectionRecordsTest#steps")
        void json_step_roundTripsWithExplicitTypeName(SetupStep step, String typeName) {
            String json = Json.write(step);
            JsonNode tree = Json.tree(step);
            assertThat(tree.get("type").asText()).isEqualTo(typeName);
            assertThat(step.stepType()).isEqualTo(typeName);
            assertThat(json).doesNotContain(step.getClass().getSimpleName(), "io.silas", "step_type");
            assertThat(Json.read(json, SetupStep.class)).isEqualTo(step);
            assertThat(Json.readStrict(json, SetupStep.class)).isEqualTo(step);
        }

        @Test
        void read_unknownType_rejected() {
            assertRejected(() -> Json.read("{\"type\":\"shell\",\"message\":\"x\"}", SetupStep.class));
            assertRejected(() -> Json.read("{\"type\":\"Progress\",\"message\":\"x\"}", SetupStep.class));
            assertRejected(() -> Json.read(
                    "{\"type\":\"io.silas.core.connection.SetupStep$Progress\",\"message\":\"x\"}", SetupStep.class));
        }

        @Test
        void read_missingType_rejected() {
            assertRejected(() -> Json.read("{\"message\":\"x\"}", SetupStep.class));
        }

        @Test
        void read_specDeviceCodeJson_parses() {
            SetupStep step = Json.read("""
                    {"type":"device_code","verification_url":"https://github.com/login/device","user_code":"WDJB-MJHT",
                     "expires_in":900,"poll_interval":5}""", SetupStep.class);
            assertThat(step).isEqualTo(new SetupStep.DeviceCode("https://github.com/login/device", "WDJB-MJHT", 900,
                    5));
        }

        @Test
        void constructor_eachInvalidField_rejectedNamingIt() {
            assertInvalid(() -> new SetupStep.DeviceCode("javascript:alert(1)", "C", 1, 1), "verification_url");
            assertInvalid(() -> new SetupStep.DeviceCode("https://x.test", " ", 1, 1), "user_code");
            assertInvalid(() -> new SetupStep.DeviceCode("https://x.test", "C", 0, 1), "expires_in");
            assertInvalid(() -> new SetupStep.DeviceCode("https://x.test", "C", 1, 0), "poll_interval");
            assertInvalid(() -> new SetupStep.BrowserRedirect("ftp://x.test", "127.0.0.1:80"), "auth_url");
            assertInvalid(() -> new SetupStep.BrowserRedirect("https://x.test", "0.0.0.0:8080"), "listening_on");
            assertInvalid(() -> new SetupStep.BrowserRedirect("https://x.test", "127.0.0.1:70000"), "listening_on");
            assertInvalid(() -> new SetupStep.BrowserRedirect("https://x.test", "evil.test:80"), "listening_on");
            assertInvalid(() -> new SetupStep.SecureInput(null), "request");
            assertInvalid(() -> new SetupStep.Progress("", null), "message");
            assertInvalid(() -> new SetupStep.Progress("m", 100.5), "progress_pct");
            assertInvalid(() -> new SetupStep.Completion(true, " ", List.of()), "summary");
            assertInvalid(() -> new SetupStep.Failure(null), "failure");
            assertThat(new SetupStep.BrowserRedirect("https://x.test", "[::1]:8080").listeningOn()).isEqualTo(
                    "[::1]:8080");
        }

        @Test
        void setupStepResponse_unknownStepType_rejectedNamingStepType() {
            assertInvalid(() -> new SetupStepResponse("shell", SetupStepResponse.Action.DONE), "step_type");
            assertInvalid(() -> new SetupStepResponse("progress", null), "action");
        }
    }

    @Nested
    class SecureInput {
        @Test
        void secureInputRecords_haveNoComponentThatCouldCarryASecret() {
            assertThat(components(SecureInputRequest.class)).containsExactly("refId", "label", "inputHint",
                    "guidance");
            assertThat(components(SecureInputRequest.Guidance.class)).containsExactly("instructions", "helpUrl");
            assertThat(components(SecureInputCompleted.class)).containsExactly("refId", "success");
            assertThat(SecureInputCompleted.class.getRecordComponents()[1].getType()).isEqualTo(boolean.class);
        }

        @Test
        void read_completedWithExtraValueField_dropsItOrRejectsStrictly() {
            String json = "{\"ref_id\":\"ref_abc123\",\"success\":true,\"value\":\"hunter2\"}";
            SecureInputCompleted lenient = Json.read(json, SecureInputCompleted.class);
            assertThat(Json.write(lenient)).doesNotContain("hunter2");
            assertRejected(() -> Json.readStrict(json, SecureInputCompleted.class));
        }

        @Test
        void constructor_eachInvalidField_rejectedNamingIt() {
            SecureInputRequest.Guidance g = new SecureInputRequest.Guidance("Paste it.", null);
            assertInvalid(() -> new SecureInputRequest("../keyring/owner", "L", null, g), "ref_id");
            assertInvalid(() -> new SecureInputRequest("a b", "L", null, g), "ref_id");
            assertInvalid(() -> new SecureInputRequest("x".repeat(129), "L", null, g), "ref_id");
            assertInvalid(() -> new SecureInputRequest("r1", " ", null, g), "label");
            assertInvalid(() -> new SecureInputRequest("r1", "L", "ntn_" + "a".repeat(40), g), "input_hint");
            assertInvalid(() -> new SecureInputRequest("r1", "L", null, null), "guidance");
            assertInvalid(() -> new SecureInputRequest.Guidance("", null), "guidance.instructions");
            assertInvalid(() -> new SecureInputRequest.Guidance("i", "javascript:alert(1)"), "guidance.help_url");
            assertInvalid(() -> new SecureInputRequest.Guidance("i", "/relative/help"), "guidance.help_url");
            assertInvalid(() -> new SecureInputCompleted("r/1", true), "ref_id");
            assertInvalid(() -> new SecureInputCompleted(null, true), "ref_id");
        }

        private List<String> components(Class<?> type) {
            return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
        }
    }

    @Nested
    class Failures {
        @Test
        void read_unrecognisedFailureType_becomesUnknown() {
            ConnectionFailure f = Json.read("{\"failure_type\":\"quota_exceeded\",\"service\":\"S\",\"message\":\"m\"}",
                    ConnectionFailure.class);
            assertThat(f.failureType()).isEqualTo(ConnectionFailure.FailureType.UNKNOWN);
            assertThat(f.recoveryOptions()).isEmpty();
            assertThat(Json.read("{\"failure_type\":\"RATE_LIMITED\",\"service\":\"S\",\"message\":\"m\"}",
                    ConnectionFailure.class).failureType()).isEqualTo(ConnectionFailure.FailureType.RATE_LIMITED);
            assertThat(Json.write(ConnectionFailure.FailureType.UNKNOWN)).isEqualTo("\"unknown\"");
        }

        @Test
        void constructor_eachInvalidField_rejectedNamingIt() {
            assertInvalid(() -> new ConnectionFailure(null, "S", "m", List.of()), "failure_type");
            assertInvalid(() -> new ConnectionFailure(ConnectionFailure.FailureType.MFA_REQUIRED, " ", "m", List.of()),
                    "service");
            assertInvalid(() -> new ConnectionFailure(ConnectionFailure.FailureType.MFA_REQUIRED, "S", "", List.of()),
                    "message");
            assertInvalid(() -> Json.read("{\"service\":\"S\",\"message\":\"m\"}", ConnectionFailure.class),
                    "failure_type");
            assertInvalid(() -> new RecoveryOption("Retry Later", "l", "d", RecoveryOption.RiskLevel.LOW), "action");
            assertInvalid(() -> new RecoveryOption("retry", " ", "d", RecoveryOption.RiskLevel.LOW), "label");
            assertInvalid(() -> new RecoveryOption("retry", "l", "", RecoveryOption.RiskLevel.LOW), "description");
            assertInvalid(() -> new RecoveryOption("retry", "l", "d", null), "risk_level");
        }

        @Test
        void optionsWithSkip_alwaysEndsWithExactlyOneSkip() {
            ConnectionFailure noSkip = new ConnectionFailure(ConnectionFailure.FailureType.RATE_LIMITED, "S", "m",
                    List.of(new RecoveryOption("retry_later", "Retry in 5 minutes", "Retries later.",
                            RecoveryOption.RiskLevel.LOW)));
            assertThat(noSkip.optionsWithSkip()).extracting(RecoveryOption::action)
                    .containsExactly("retry_later", "skip");
            assertThat(policyBlock().optionsWithSkip()).extracting(RecoveryOption::action)
                    .containsExactly("request_admin_approval", "skip");
            assertThat(ConnectionFailure.unknown("S", "crashed").optionsWithSkip()).extracting(RecoveryOption::action)
                    .containsExactly("skip");
        }

        @Test
        void healthCheckResult_invalid_rejectedNamingField() {
            assertInvalid(() -> new HealthCheckResult(false, null, null, 10, null, List.of()), "error");
            assertInvalid(() -> new HealthCheckResult(false, null, null, 10, " ", List.of()), "error");
            assertInvalid(() -> new HealthCheckResult(true, null, null, -1, null, List.of()), "latency_ms");
        }
    }

    @Nested
    class Connections {
        @Test
        void constructor_eachInvalidField_rejectedNamingIt() {
            Connection c = outlook();
            assertInvalid(() -> with(c, "", c.skillName(), c.status(), c.healthCheck()), "connection_id");
            assertInvalid(() -> with(c, c.connectionId(), "../../bin", c.status(), c.healthCheck()), "skill_name");
            assertInvalid(() -> with(c, c.connectionId(), "a/b", c.status(), c.healthCheck()), "skill_name");
            assertInvalid(() -> with(c, c.connectionId(), c.skillName(), null, c.healthCheck()), "status");
            assertInvalid(() -> with(c, c.connectionId(), c.skillName(), c.status(), " "), "health_check");
        }

        @Test
        void withHealth_healthy_recordsExpiriesAndTime() {
            Instant at = T1.plusSeconds(60);
            Instant expires = T1.plusSeconds(3600);
            Connection updated = outlook().withHealth(new HealthCheckResult(true, expires, null, 50, null, List.of()),
                    at);
            assertThat(updated.lastHealthCheck()).isEqualTo(at);
            assertThat(updated.tokenExpiresAt()).isEqualTo(expires);
            assertThat(updated.refreshTokenExpiresAt()).isNull();
        }

        @Test
        void withHealth_unhealthy_changesNothing() {
            Connection c = outlook();
            assertThat(c.withHealth(new HealthCheckResult(false, null, null, 0, "down", List.of()), T1)).isSameAs(c);
        }

        @Test
        void withPermissions_keepsInitialSnapshot() {
            Connection escalated = outlook().withPermissions(
                    List.of(ConnectionPermission.OBSERVE, ConnectionPermission.ACT),
                    List.of("Mail.ReadBasic", "offline_access", "Mail.ReadWrite"));
            assertThat(escalated.permissionsGranted()).contains("Mail.ReadWrite");
            assertThat(escalated.initialPermissions()).containsExactly("Mail.ReadBasic", "offline_access");
            assertThat(escalated.withStatus(ConnectionStatus.PAUSED).status()).isEqualTo(ConnectionStatus.PAUSED);
            assertThat(escalated.withRefresh(T1, null, T0).lastRefresh()).isEqualTo(T0);
            assertThat(escalated.withLastUsed(T1).lastUsed()).isEqualTo(T1);
        }

        private Connection with(Connection c, String id, String skill, ConnectionStatus status, String cron) {
            return new Connection(id, c.name(), c.domain(), skill, c.authStrategy(), c.permissions(),
                    c.permissionsGranted(), c.permissionsAvailable(), c.initialPermissions(), status, cron,
                    c.createdAt(), null, null, null, null, null);
        }
    }

    static void assertRejected(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SilasException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    static void assertInvalid(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SilasException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).startsWith(field + ":");
        });
    }
}
