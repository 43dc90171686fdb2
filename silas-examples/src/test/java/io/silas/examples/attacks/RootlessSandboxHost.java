package io.silas.examples.attacks;

import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Main class of a non-root child JVM for {@link LocalUserRootlessAttackTest}: opens a rootless sandbox, puts a
 * secret in its work dir (host side) and runs a payload that writes another one, prints
 * {@code READY <work dir as the JVM sees it> <base dir>}, then keeps the sandbox open until its stdin closes.
 */
public final class RootlessSandboxHost {
    private RootlessSandboxHost() {
    }

    public static void main(String[] args) throws Exception {
        String secret = args[0];
        SandboxManager sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults());
        try (Sandbox sandbox = sandboxes.create(SandboxConfig.defaults().withTimeout(Duration.ofSeconds(60)))) {
            Files.writeString(sandbox.workDir().resolve("host-secret.txt"), secret);
            ProcessResult r = sandbox.run(List.of("sh", "-c", "cat host-secret.txt > payload-secret.txt; echo ok"),
                    Duration.ofSeconds(60));
            Path base = Path.of(System.getProperty("java.io.tmpdir"));
            System.out.println("READY " + sandbox.workDir() + " " + base + " " + r.stdout().strip());
            System.out.flush();
            System.in.readAllBytes();
            System.out.println("payload copy intact: "
                    + Files.readString(sandbox.workDir().resolve("payload-secret.txt"), StandardCharsets.UTF_8)
                    .equals(secret));
        }
    }
}
