package io.silas.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
    @TempDir
    Path tmp;

    @Test
    void run_freshDataDir_everyStepSucceedsAndSecretsStayOut() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo demo = new Demo(tmp.resolve("data"), tmp.resolve("keys/master.key"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.systemUTC());

        boolean ok = demo.run();

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(ok).as(out).isTrue();
        assertThat(out)
                .contains("signed message classified OWNER")
                .contains("replayed is EXTERNAL (REPLAYED_NONCE)")
                .contains("[REDACTED_EMAIL]").doesNotContain("send it to alice@example.com\"")
                .contains("PLAN_HASH_MISMATCH")
                .contains("note_mentions_release: passed")
                .contains("release-note is done")
                .contains("Post the release note to the team channel")
                .contains("owner approved with a signed token; thresholds now")
                .contains("escalation polite_redirect replies")
                .contains("hash chain intact");
        byte[] master = Files.readAllBytes(tmp.resolve("keys/master.key"));
        assertThat(Files.readString(tmp.resolve("data/secrets.enc.json")))
                .doesNotContain(new String(master, StandardCharsets.UTF_8).strip());
    }

    @Test
    void run_twiceOnOneDataDir_reusesKeyAndKeepsChainIntact() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Demo first = new Demo(tmp.resolve("data"), tmp.resolve("keys/master.key"), sink, Clock.systemUTC());
        assertThat(first.run()).isTrue();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo second = new Demo(tmp.resolve("data"), tmp.resolve("keys/master.key"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.systemUTC());

        assertThat(second.run()).isTrue();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("generated a master key")
                .contains("hash chain intact");
    }
}
