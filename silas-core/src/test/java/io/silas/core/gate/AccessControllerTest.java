package io.silas.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.SilasException;
import io.silas.core.trust.MutableClock;
import io.silas.core.vocabulary.TaintLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessControllerTest {
    private static final List<String> OWNER_TOOLS = List.of("shell_exec", "python_exec", "web_search", "order_lookup");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T10:00:00Z"));
    private final AuditLog audit = AuditLog.inMemory(clock);

    /** public → verified (email + otp, 600 s) → vip (email + otp + contract, no expiry). */
    private static Map<String, AccessLevel> levels() {
        Map<String, AccessLevel> levels = new LinkedHashMap<>();
        levels.put("public", new AccessLevel("anyone", List.of("faq"), List.of(), null));
        levels.put("verified", new AccessLevel("verified customer", List.of("faq", "order_lookup"),
                List.of("email_verified", "otp_verified"), 600));
        levels.put("vip", new AccessLevel("contract customer", List.of("faq", "order_lookup", "refund"),
                List.of("email_verified", "otp_verified", "contract_checked"), null));
        return levels;
    }

    private AccessController customer() {
        return AccessController.forScope("conn-42", levels(), OWNER_TOOLS, CustomerContexts.none(), clock, audit);
    }

    @Test
    void newScope_startsPublic_withPublicTools() {
        AccessController access = customer();

        assertThat(access.currentLevel()).isEqualTo("public");
        assertThat(access.allowedTools()).containsExactly("faq");
    }

    @Test
    void gatePassed_partOfRequirements_staysAtLevel() {
        AccessController access = customer();

        assertThat(access.gatePassed("email_verified")).isEmpty();

        assertThat(access.currentLevel()).isEqualTo("public");
        assertThat(audit.findByEvent(AccessController.EVENT_LEVEL_CHANGED)).isEmpty();
    }

    @Test
    void gatePassed_allRequirementsMet_transitionsAndAuditsWithScopeAndCustomer() {
        AccessController access = customer();
        access.identifyCustomer("cust-7");
        access.gatePassed("email_verified");

        assertThat(access.gatePassed("otp_verified")).contains("verified");

        assertThat(access.allowedTools()).containsExactly("faq", "order_lookup");
        JsonNode data = audit.findByEvent(AccessController.EVENT_LEVEL_CHANGED).get(0).data();
        assertThat(data.get("scope_id").asText()).isEqualTo("conn-42");
        assertThat(data.get("customer_id").asText()).isEqualTo("cust-7");
        assertThat(data.get("from_level").asText()).isEqualTo("public");
        assertThat(data.get("to_level").asText()).isEqualTo("verified");
        assertThat(data.get("gate").asText()).isEqualTo("otp_verified");
    }

    @Test
    void gatePassed_customerUnknown_auditOmitsCustomerId() {
        AccessController access = customer();
        access.gatePassed("email_verified");
        access.gatePassed("otp_verified");

        assertThat(audit.findByEvent(AccessController.EVENT_LEVEL_CHANGED).get(0).data().has("customer_id"))
                .isFalse();
    }

    @Test
    void gatePassed_requirementsOfHighestLevelMet_jumpsToHighest() {
        AccessController access = customer();
        access.gatePassed("contract_checked");
        access.gatePassed("email_verified");

        assertThat(access.gatePassed("otp_verified")).contains("vip");
        assertThat(access.allowedTools()).containsExactly("faq", "order_lookup", "refund");
    }

    @Test
    void allowedTools_levelExpired_dropsToPublicAndRequiresGatesAgain() {
        AccessController access = customer();
        access.gatePassed("email_verified");
        access.gatePassed("otp_verified");

        clock.advance(Duration.ofSeconds(599));
        assertThat(access.currentLevel()).isEqualTo("verified");

        clock.advance(Duration.ofSeconds(1));
        assertThat(access.allowedTools()).containsExactly("faq");
        assertThat(access.currentLevel()).isEqualTo("public");
        assertThat(audit.findByEvent(AccessController.EVENT_LEVEL_CHANGED)).hasSize(2);
        assertThat(audit.findByEvent(AccessController.EVENT_LEVEL_CHANGED).get(1).data().get("reason").asText())
                .isEqualTo("expired");

        assertThat(access.gatePassed("otp_verified")).isEmpty();
        assertThat(access.currentLevel()).isEqualTo("public");
    }

    @Test
    void allowedTools_levelWithoutExpiry_neverExpires() {
        AccessController access = customer();
        access.gatePassed("email_verified");
        access.gatePassed("otp_verified");
        access.gatePassed("contract_checked");

        clock.advance(Duration.ofDays(365));

        assertThat(access.currentLevel()).isEqualTo("vip");
    }

    @Test
    void ownerScope_ownerToolsOnlyForOwnerTaint_gatesIgnored() {
        AccessController owner = AccessController.forOwner("owner", OWNER_TOOLS, clock, audit);

        assertThat(owner.gatePassed("email_verified")).isEmpty();
        owner.reset();
        clock.advance(Duration.ofDays(1));

        assertThat(owner.currentLevel()).isEqualTo(AccessController.OWNER);
        assertThat(owner.allowedTools(TaintLevel.OWNER)).containsExactlyElementsOf(OWNER_TOOLS);
        assertThat(owner.allowedTools(TaintLevel.EXTERNAL)).isEmpty();
        assertThat(owner.allowedTools(TaintLevel.AUTH)).isEmpty();
        assertThat(audit.size()).isZero();
    }

    @Test
    void ownerScope_nonOwnerMessage_getsPublicLevelOnly_evenAfterGatesPass() {
        AccessController owner = AccessController.forOwner("owner", levels(), OWNER_TOOLS, clock, audit);

        owner.gatePassed("email_verified");
        owner.gatePassed("otp_verified");

        assertThat(owner.allowedTools(TaintLevel.AUTH)).containsExactly("faq");
        assertThat(owner.allowedTools(TaintLevel.EXTERNAL)).containsExactly("faq");
        assertThat(owner.allowedTools(TaintLevel.OWNER)).containsExactlyElementsOf(OWNER_TOOLS);
        assertThat(audit.size()).isZero();
    }

    @Test
    void allowedTools_ownerTaintedMessageOnCustomerScope_getsOwnerToolsWithoutChangingScope() {
        AccessController access = customer();

        assertThat(access.allowedTools(TaintLevel.OWNER)).containsExactlyElementsOf(OWNER_TOOLS);
        assertThat(access.allowedTools(TaintLevel.AUTH)).containsExactly("faq");
        assertThat(access.currentLevel()).isEqualTo("public");
    }

    @Test
    void update_continueResultsCountAsPassed_blockedOnesDoNot() {
        AccessController access = customer();
        Gate email = Gate.builder("email_verified", GateTrigger.EVERY_USER_MESSAGE).build();
        Gate otp = Gate.builder("otp_verified", GateTrigger.EVERY_USER_MESSAGE).build();

        assertThat(access.update(List.of(GateResult.pass(email, "ok"), GateResult.block(otp, "wrong code"))))
                .isEmpty();
        assertThat(access.update(List.of(GateResult.pass(otp, "ok")))).contains("verified");
    }

    @Test
    void reset_customerScope_backToPublicAndGatesCleared() {
        AccessController access = customer();
        access.gatePassed("email_verified");
        access.gatePassed("otp_verified");

        access.reset();

        assertThat(access.currentLevel()).isEqualTo("public");
        assertThat(access.gatePassed("otp_verified")).isEmpty();
    }

    @Test
    void noPublicLevelDeclared_publicHasNoTools() {
        AccessController access = AccessController.forScope("conn-1",
                Map.of("member", new AccessLevel("m", List.of("orders"), List.of("login"), null)), OWNER_TOOLS,
                CustomerContexts.none(),
                clock, audit);

        assertThat(access.allowedTools()).isEmpty();
        access.gatePassed("login");
        assertThat(access.allowedTools()).containsExactly("orders");
    }

    @Test
    void gatePassed_customerKnown_loadsCustomerContextAndDropsItOnExpiry(@TempDir Path data) throws Exception {
        Path dir = Files.createDirectories(data.resolve("customer_context"));
        Files.writeString(dir.resolve("cust-7.json"), "{\"plan\":\"gold\",\"orders\":3}");
        AccessController access = AccessController.forScope("conn-42", levels(), OWNER_TOOLS,
                CustomerContexts.in(data, dir), clock, audit);
        access.identifyCustomer("cust-7");
        access.gatePassed("email_verified");
        assertThat(access.customerContext()).isEmpty();

        access.gatePassed("otp_verified");

        assertThat(access.customerContext()).containsOnlyKeys("plan", "orders");
        assertThat(access.customerContext().get("plan").asText()).isEqualTo("gold");
        clock.advance(Duration.ofSeconds(600));
        assertThat(access.customerContext()).isEmpty();
    }

    @Test
    void forScope_blankScope_rejected() {
        assertThatThrownBy(() -> AccessController.forScope(" ", levels(), OWNER_TOOLS, CustomerContexts.none(), clock,
                audit))
                .isInstanceOf(SilasException.class).hasMessageContaining("scope_id");
    }
}
