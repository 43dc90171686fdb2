package io.silas.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.audit.AuditLog;
import io.silas.core.work.WorkItem;
import io.silas.sqlite.SqliteStores;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end: a real Stream on a real SQLite file, real keys, the real bubblewrap sandbox. */
class DemoTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @BeforeEach
    void permissions() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
    }

    private Demo demo(ByteArrayOutputStream sink) {
        return new Demo(tmp.resolve("data"), tmp.resolve("keys/master.key"),
                new PrintStream(sink, true, StandardCharsets.UTF_8), Clock.systemUTC());
    }

    private String transcript() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_scripted_everyStepOfTheStoryShowsAndSecretsStayOut() throws Exception {
        boolean ok = demo(bytes).run();

        String out = transcript();
        assertThat(ok).as(out).isTrue();
        assertThat(out)
                .contains("chronicled as OWNER")
                .contains("chronicled as EXTERNAL")
                .contains("This is what reached me: \"Hi Silas, it's me. Reach me at [REDACTED_EMAIL]")
                .contains("Decision needed: Write today's release note")
                .contains("[running] ")
                .contains("note_mentions_release: passed")
                .contains("Plan 'Write today's release note' finished: done.")
                .contains("Silas 0.1: signed approvals, sandboxed work, verified results")
                .contains("[silas]     " + Demo.LEAK_ESCALATION_MESSAGE)
                .contains("gate no_private_keys -> escalation credential_leak (goal)")
                .contains("[self-check]").contains("PLAN_HASH_MISMATCH - refused")
                .contains("hash chain intact");
        assertThat(out.indexOf("[card]")).isLessThan(out.indexOf("[running] "));
        assertThat(out.lines().filter(l -> l.contains("alice@example.com")))
                .containsExactly("[you]       Hi Silas, it's me. Reach me at alice@example.com if anything breaks.");
        assertThat(out).doesNotContain("BEGIN PRIVATE KEY");
        byte[] master = Files.readAllBytes(tmp.resolve("keys/master.key"));
        assertThat(Files.readString(tmp.resolve("data/secrets.enc.json")))
                .doesNotContain(new String(master, StandardCharsets.UTF_8).strip());
    }

    @Test
    void run_scripted_auditRecordsReplayOverrideApprovalAndBlock() throws Exception {
        assertThat(demo(bytes).run()).as(transcript()).isTrue();

        try (SqliteStores stores = SqliteStores.open(tmp.resolve("data/silas.db"), Clock.systemUTC())) {
            AuditLog audit = stores.auditLog();
            assertThat(audit.findByEvent("replay_rejected")).hasSize(1);
            assertThat(audit.findByEvent("needs_approval_overridden")).hasSize(1);
            assertThat(audit.findByEvent("plan_approval_decided")).singleElement()
                    .satisfies(e -> assertThat(e.data().path("verdict").asText()).isEqualTo("approved"));
            assertThat(audit.findByEvent("turn_blocked")).singleElement()
                    .satisfies(e -> assertThat(e.data().path("lane").asText()).isEqualTo("output"));
            assertThat(audit.verifyChain().valid()).isTrue();
            assertThat(stores.chronicleStore().getRecent("console", 100))
                    .noneSatisfy(i -> assertThat(i.content()).contains("alice@example.com"))
                    .noneSatisfy(i -> assertThat(i.content()).contains("PRIVATE KEY"));
        }
    }

    @Test
    void run_twiceOnOneDataDir_reusesKeyRehydratesAndKeepsChainIntact() throws Exception {
        assertThat(demo(new ByteArrayOutputStream()).run()).isTrue();

        boolean ok = demo(bytes).run();

        assertThat(ok).as(transcript()).isTrue();
        assertThat(transcript()).doesNotContain("generated a master key")
                .contains("1 known scope(s)")
                .contains("[turn 5]")
                .contains("note_mentions_release: passed")
                .contains("hash chain intact");
    }

    @Test
    void runInteractive_answerOtherThanYesOrNo_askedAgainNotSilentlyDeclined() throws Exception {
        BufferedReader typed = new BufferedReader(new StringReader("""
                please write a release note
                maybe
                y
                /quit
                """));

        boolean ok = demo(bytes).runInteractive(typed);

        String out = transcript();
        assertThat(ok).as(out).isTrue();
        assertThat(out).contains("Please answer y or n.").doesNotContain("was declined; nothing was run");
        assertThat(out.indexOf("Please answer y or n.")).isLessThan(out.lastIndexOf("[y/n]"));
    }

    @Test
    void readme_demoCommand_keepsMavenOutputOutOfTheTranscript() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        String command = readme.lines().filter(l -> l.startsWith("| run the demo |")).findFirst().orElseThrow();

        assertThat(command).as("Maven's colour codes go to stderr, the transcript is the demo's stdout")
                .contains("package 1>&2 &&");
    }

    @Test
    void runInteractive_ownerDeclinesCard_planNeverRunsAndDemoEndsCleanly() throws Exception {
        BufferedReader typed = new BufferedReader(new StringReader("""
                please write a release note
                n
                /quit
                """));

        boolean ok = demo(bytes).runInteractive(typed);

        String out = transcript();
        assertThat(ok).as(out).isTrue();
        assertThat(out).contains("Decision needed").contains("was declined; nothing was run")
                .doesNotContain("[running]").contains("hash chain intact");
        try (SqliteStores stores = SqliteStores.open(tmp.resolve("data/silas.db"), Clock.systemUTC())) {
            WorkItem item = stores.workItemStore().listByStatus(io.silas.core.work.WorkItemStatus.PENDING).stream()
                    .filter(w -> w.title().toLowerCase(java.util.Locale.ROOT).contains("release note")).findFirst()
                    .orElseThrow();
            assertThat(item.approvalToken()).isNull();
        }
    }
}
