package io.silas.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.examples.attacks.NonRootJvm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's plan finishes {@code done} with its data dir under a {@code 0700} directory (a home dir,
 * a {@code mktemp -d} dir) — as the JVM's own uid, and as a non-root user in a child JVM (uid
 * {@value NonRootJvm#UID}, whose home is {@code 0700}), where the sandbox is rootless. No host mode is changed.
 */
class DemoPrivateHomeTest {
    @TempDir
    Path tmp;

    @Test
    void dataDirUnderA0700Dir_planDone_andTheDirStays0700() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        boolean ok = new Demo(home.resolve("data"), home.resolve(".silas/master.key"),
                new PrintStream(transcript, true, StandardCharsets.UTF_8), Clock.systemUTC()).run();

        assertThat(ok).as(transcript.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(transcript.toString(StandardCharsets.UTF_8)).contains("finished: done");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
    }

    @Test
    @DisabledIfSystemProperty(named = NonRootJvm.CHILD_PROPERTY, matches = "true")
    void asNonRootUser_fromItsOwn0700Home_planDoneInARootlessSandbox() throws Exception {
        try (NonRootJvm.Child child = NonRootJvm.start(Demo.class.getName(), List.of("--scripted", "data"))) {
            NonRootJvm.Outcome outcome = child.await();

            assertThat(outcome.exitCode()).as(outcome.output()).isZero();
            assertThat(outcome.output()).contains("finished: done").contains("hash chain intact");
        }
    }
}
