package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.connection.AuthStrategy;
import io.silas.core.connection.ConnectionSkill;
import io.silas.core.connection.ScriptMessage;
import io.silas.core.connection.ScriptRun;
import io.silas.core.connection.SkillScript;
import io.silas.core.connection.SkillScripts;
import io.silas.core.execution.SandboxManager;
import io.silas.core.gate.CustomerContexts;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local user who can write into a directory Silas reads from (the customer context dir, a connection skill's dir)
 * plants symbolic links and FIFOs there, against docs/threat-model.md#promise-6 (nothing outside the permitted dirs is
 * read or run). Every such read goes through the one confinement type ({@code ConfinedPaths.read}): links that leave
 * the dir are not followed, FIFOs are not opened (a read never blocks), and a link swapped in after the check fails the
 * read ({@code ConfinedPathsTest#readBelow_componentSwappedForALinkAfterTheCheck_failsInsteadOfFollowingIt}).
 */
class LocalUserPathAttackTest {
    /** Hang guard only: a blocked read would never return. */
    private static final long GUARD_SECONDS = 60;

    @TempDir
    Path tmp;

    private Path outside;

    @BeforeEach
    void setUp() throws Exception {
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.json"), "{\"api_key\": \"sk-outside-secret\"}");
    }

    @Test
    void customerContextLinkedToAFileOutside_isNotRead() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path customers = Files.createDirectories(data.resolve("customers"));
        Files.createSymbolicLink(customers.resolve("acme.json"), outside.resolve("secret.json"));
        Files.createSymbolicLink(customers.resolve("sub"), outside);

        Map<String, ?> acme = CustomerContexts.in(data, customers).load("acme");

        assertThat(acme).isEmpty();
        assertThat(acme.toString()).doesNotContain("sk-outside-secret");
    }

    @Test
    void customerContextFifo_isNotOpened_loadReturnsAtOnce() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path customers = Files.createDirectories(data.resolve("customers"));
        assertThat(new ProcessBuilder("mkfifo", customers.resolve("acme.json").toString()).start().waitFor())
                .isZero();

        Map<String, ?> acme = CompletableFuture.supplyAsync(() -> CustomerContexts.in(data, customers).load("acme"))
                .get(GUARD_SECONDS, TimeUnit.SECONDS);

        assertThat(acme).isEmpty();
    }

    @Test
    void skillScriptLinkedToAScriptOutside_neverRuns() throws Exception {
        Path marker = tmp.resolve("ran.marker");
        Path evil = outside.resolve("setup");
        Files.writeString(evil, "#!/bin/sh\ntouch " + marker + "\n");
        Files.setPosixFilePermissions(evil, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path skills = Files.createDirectories(tmp.resolve("skills"));
        Path mail = Files.createDirectories(skills.resolve("mail"));
        Files.writeString(mail.resolve("SKILL.md"), "---\nname: mail\ntype: connection\nauth_strategy: device_code\n"
                + "initial_permissions: [mail.read]\navailable_permissions: [mail.read]\n---\n# mail\n");
        Files.createDirectories(mail.resolve("scripts"));
        Files.createSymbolicLink(mail.resolve("scripts/setup"), evil);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        SandboxManager sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults()
                .withBaseDir(tmp.resolve("sandboxes")));
        SkillScripts scripts = SkillScripts.create(skills, sandboxes, Duration.ofSeconds(30));
        ConnectionSkill skill = scripts.find("mail").orElseThrow();

        ScriptRun run = scripts.run(skill, SkillScript.SETUP, List.of(new ScriptMessage.Start(
                AuthStrategy.DEVICE_CODE, List.of("mail.read"), List.of(), null)), Map.of());

        assertThat(run.isFailed()).isTrue();
        assertThat(marker).doesNotExist();
    }
}
