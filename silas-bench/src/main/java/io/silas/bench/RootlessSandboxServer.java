package io.silas.bench;

import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The rootless half of {@link SandboxBenchmark}: a JVM started as a non-root uid that holds one rootless sandbox
 * and answers each stdin line — {@code run} runs {@code /bin/true} in the sandbox, {@code cycle} creates a sandbox
 * (from the manager's pool), runs {@code /bin/true} in it and closes it, anything else only answers (the pipe
 * round trip, measured as its own anchor).
 */
public final class RootlessSandboxServer {
    private RootlessSandboxServer() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        SandboxManager manager = Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withPoolSize(3));
        try (Sandbox sandbox = manager.create(SandboxConfig.defaults())) {
            out.println("ready " + Sandboxes.diagnose().mode());
            out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("run")) {
                    ProcessResult r = sandbox.run(List.of("/bin/true"), Duration.ofSeconds(30));
                    out.println(r.succeeded() ? "ok" : "failed " + r.reason());
                } else if (line.equals("cycle")) {
                    try (Sandbox fresh = manager.create(SandboxConfig.defaults())) {
                        ProcessResult r = fresh.run(List.of("/bin/true"), Duration.ofSeconds(30));
                        out.println(r.succeeded() ? "ok" : "failed " + r.reason());
                    }
                } else {
                    out.println("ok");
                }
                out.flush();
            }
        }
    }
}
