package io.silas.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.config.SilasConfig.SandboxBackend;
import io.silas.core.config.SilasConfig.ScopeMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SilasConfigDefaultsTest {
    private final SilasConfig c = SilasConfig.defaults();

    @Test
    void defaults_root_matchSpec() {
        assertThat(c.ownerId()).isEqualTo("owner");
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.scopeMode()).isEqualTo(ScopeMode.PER_CONNECTION);
        assertThat(c.activeGoal()).isNull();
        assertThat(c.skillsDir()).isEqualTo(Path.of("./silas/skills"));
        assertThat(c.scopeIdFor("conn-1")).isEqualTo("conn-1");
    }

    @Test
    void defaults_approvalNoncesAndMessageTrust_matchContract() {
        assertThat(c.approval().defaultTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.approval().maxExecutions()).isEqualTo(1);
        assertThat(c.nonceStore().ttl()).isEqualTo(Duration.ofMinutes(40));
        assertThat(c.nonceStore().ttl()).isEqualTo(c.approval().defaultTtl().plusMinutes(10));
        assertThat(c.nonceStore().pruneInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.messageTrust().freshnessWindow()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void defaults_sandboxAndVerification_matchContract() {
        assertThat(c.sandbox().backend()).isEqualTo(SandboxBackend.SUBPROCESS);
        assertThat(c.sandbox().baseImage()).isEqualTo("python:3.12-slim");
        assertThat(c.sandbox().defaultMemoryMb()).isEqualTo(512);
        assertThat(c.sandbox().defaultCpuTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.sandbox().maxOutputBytes()).isEqualTo(100_000);
        assertThat(c.sandbox().verifyDir()).isEqualTo(Path.of("./data/verify"));
        assertThat(c.sandbox().customerContextDir()).isEqualTo(Path.of("./data/customer_context"));
        assertThat(c.verification().timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.verification().maxOutputChars()).isEqualTo(1_000);
        assertThat(c.verification().projectDirs()).isEmpty();
    }

    @Test
    void defaults_turns_agentTimeoutAndProcessorRelease() {
        assertThat(c.turns()).isEqualTo(new SilasConfig.Turns(30, 300, 1024, 2, 200, 60));
        assertThat(c.turns().agentTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(c.turns().processorIdle()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(c.turns().agentBackoff()).isEqualTo(java.time.Duration.ofMillis(200));
        assertThat(c.turns().agentDeadline()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(SilasConfig.parse("turns: { agent_timeout_seconds: 5 }", n -> null).turns())
                .isEqualTo(new SilasConfig.Turns(5, 300, 1024, 2, 200, 60));
    }

    @Test
    void defaults_limitsAndBackpressure_matchSpec() {
        SilasConfig.Limits l = c.limits();
        assertThat(l.wsMessagesPerMinutePerScope()).isEqualTo(60);
        assertThat(l.wsMessagesPerMinutePerIp()).isEqualTo(240);
        assertThat(l.messagesPerMinuteTotal()).isEqualTo(600);
        assertThat(l.llmCallsPerMinutePerScope()).isEqualTo(30);
        assertThat(l.webSearchCallsPerMinutePerScope()).isEqualTo(20);
        assertThat(l.memoryOpsPerMinutePerScope()).isEqualTo(120);
        assertThat(l.maxMemoryOpsPerTurn()).isEqualTo(10);
        assertThat(l.maxGateEvalsPerTurn()).isEqualTo(32);
        assertThat(l.suggestionsPerHourPerScope()).isEqualTo(6);
        assertThat(l.autonomyProposalsPerWeekPerScope()).isEqualTo(3);
        assertThat(l.cardSubmissionsPerMinutePerScope()).isEqualTo(30);
        assertThat(c.backpressure().maxPendingTurnsPerScope()).isEqualTo(20);
        assertThat(c.backpressure().maxPendingTurnsTotal()).isEqualTo(500);
        assertThat(c.backpressure().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void defaults_suggestionsAndScheduler_matchSpec() {
        assertThat(c.suggestions().enabled()).isTrue();
        assertThat(c.suggestions().heartbeatCron()).isEqualTo("*/15 * * * *");
        assertThat(c.suggestions().cooldown()).isEqualTo(Duration.ofMinutes(120));
        assertThat(c.suggestions().maxPendingPerScope()).isEqualTo(5);
        assertThat(c.suggestions().dedupeWindow()).isEqualTo(Duration.ofMinutes(180));
        assertThat(c.scheduler().enabled()).isTrue();
        assertThat(c.scheduler().timezone()).isEqualTo("Europe/Vienna");
        assertThat(c.zoneId()).isEqualTo(ZoneId.of("Europe/Vienna"));
    }

    @Test
    void defaults_autonomyAndBatchReview_matchSpec() {
        SilasConfig.Autonomy a = c.autonomy();
        assertThat(a.enabled()).isTrue();
        assertThat(a.minSamples()).isEqualTo(30);
        assertThat(a.windowActions()).isEqualTo(50);
        assertThat(a.window()).isEqualTo(Duration.ofDays(14));
        assertThat(a.widenCorrectionRateMax()).isEqualTo(0.05);
        assertThat(a.tightenCorrectionRateMin()).isEqualTo(0.20);
        assertThat(a.hysteresisDelta()).isEqualTo(0.05);
        assertThat(a.maxStandingExecutions()).isEqualTo(100);
        assertThat(a.maxBatchReviewSize()).isEqualTo(50);
        assertThat(a.minHighConfidence()).isEqualTo(0.70);
        assertThat(c.batchReview().defaultSize()).isEqualTo(10);
        assertThat(c.batchReview().confidence().highMin()).isEqualTo(0.85);
        assertThat(c.batchReview().confidence().mediumMin()).isEqualTo(0.50);
    }

    @Test
    void defaults_searchDisabledWithSpecLimits() {
        assertThat(c.search().provider()).isNull();
        assertThat(c.search().apiKeyRef()).isNull();
        assertThat(c.search().webSearchEnabled()).isFalse();
        assertThat(c.search().timeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(c.search().maxResults()).isEqualTo(5);
        assertThat(c.search().maxQueryChars()).isEqualTo(300);
        assertThat(c.search().allowedDomains()).isEmpty();
    }

    @Test
    void defaults_contextAndRehydration_matchSpec() {
        SilasConfig.Context x = c.context();
        assertThat(x.totalTokens()).isEqualTo(180_000);
        assertThat(x.systemMax()).isEqualTo(8_000);
        assertThat(x.skillMetadataBudgetPct()).isEqualTo(0.02);
        assertThat(x.evictionThresholdPct()).isEqualTo(0.80);
        assertThat(x.scorerThresholdPct()).isEqualTo(0.90);
        assertThat(x.maxSubscriptionTokens()).isEqualTo(2_000);
        assertThat(x.subscriptionTtlTurns()).isEqualTo(10);
        assertThat(x.observationMaskAfterTurns()).isEqualTo(5);
        assertThat(x.defaultProfile()).isEqualTo("conversation");
        assertThat(x.profiles()).containsOnlyKeys("conversation", "coding", "research", "support");
        assertThat(x.profiles().get("coding")).isEqualTo(new SilasConfig.Context.Profile(0.20, 0.20, 0.40));
        assertThat(x.profiles().values()).allSatisfy(p -> assertThat(p.allocated()).isLessThanOrEqualTo(0.80 + 1e-9));
        assertThat(c.rehydration().maxChronicleEntries()).isEqualTo(50);
    }

    @Test
    void defaults_gatesConnectionsInteraction_matchSpec() {
        assertThat(c.gates().system()).isEmpty();
        assertThat(c.gates().llmDefaults().timeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(c.gates().llmDefaults().temperature()).isEqualTo(0.0);
        assertThat(c.gates().llmDefaults().maxTokens()).isEqualTo(256);
        assertThat(c.gates().llmDefaults().model()).isNull();
        assertThat(c.gates().scriptDefaults().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.connections().healthCheckDefault()).isEqualTo("*/30 * * * *");
        assertThat(c.connections().autoRecoveryEnabled()).isTrue();
        assertThat(c.connections().recoveryMaxAttempts()).isEqualTo(3);
        assertThat(c.connections().refreshAhead()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.interaction().highInitiativeMin()).isEqualTo(0.65);
        assertThat(c.interaction().defaultModeByRegister()).isEqualTo(Map.of("exploration", "default_and_offer",
                "execution", "act_and_report", "review", "confirm_only_when_required", "status", "default_and_offer"));
        assertThat(c.interaction().requireConfirmationOnMaterialAmbiguity()).isTrue();
        assertThat(c.channels().web()).isEqualTo(new SilasConfig.Channels.Web(true, "127.0.0.1", 8420, null));
    }

    @Test
    void defaults_skills_matchSpec() {
        assertThat(c.skills().validation())
                .isEqualTo(new SilasConfig.Skills.Validation(24, 1024, true, true));
        assertThat(c.skills().imports().allowExternal()).isTrue();
        assertThat(c.skills().imports().allowedSources()).containsExactly("github", "local_path");
        assertThat(c.skills().imports().requireTransformReport()).isTrue();
    }

    @Test
    void parse_emptyDocument_equalsDefaults() {
        assertThat(SilasConfig.parse("", name -> null)).isEqualTo(c);
        assertThat(SilasConfig.parse("# only a comment\n", name -> null)).isEqualTo(c);
        assertThat(SilasConfig.parse("silas:\n", name -> null)).isEqualTo(c);
    }
}
