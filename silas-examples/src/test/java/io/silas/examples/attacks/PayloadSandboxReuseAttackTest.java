package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.IdGenerator;
import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The payload against docs/threat-model.md#promise-5, #promise-6 now that sandboxes come ready-made from a pool (a warm
 * sandbox is handed out by {@code create}): whatever a payload leaves in one sandbox — files in its work dir,
 * {@code /tmp} or {@code /dev/shm}, a SysV shared-memory segment, a detached background process, a listener on
 * its loopback — never reaches another sandbox, whether that one is open at the same time or created after the
 * first was closed. Also run as a non-root uid by {@link PayloadRootlessAttackTest}.
 */
class PayloadSandboxReuseAttackTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Plants everything a payload can leave behind; {@code $1} names the detached process. */
    private static final String PLANT = "echo planted > /work/marker && echo planted > /tmp/marker "
            + "&& echo planted > /dev/shm/marker && ipcmk -M 4096 >/dev/null "
            + "&& (setsid sh -c 'while :; do echo late > /tmp/late; sleep 0.05; done' \"$1\" "
            + "</dev/null >/dev/null 2>&1 &) && echo planted";
    /**
     * Prints every leftover it finds (none: prints only "clean"); {@code $1$2} names the detached process (given
     * in two halves, so that no process of this script has the whole name on its command line).
     */
    private static final String LOOK = "t=\"$1$2\"; for f in /work/marker /tmp/marker /tmp/late /dev/shm/marker; do "
            + "[ -e \"$f\" ] && echo \"found $f\"; done; "
            + "[ \"$(ipcs -m | grep -c '^0x')\" = 0 ] || echo 'found a shared memory segment'; "
            + "for c in /proc/[0-9]*/cmdline; do case \"$(tr '\\0' ' ' < \"$c\" 2>/dev/null)\" in "
            + "*\"$t\"*) echo 'found the process';; esac; done; echo clean";

    private final SandboxManager sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withPoolSize(3));

    @Test
    void leftoversOfAClosedSandbox_neverReachTheNextOne() throws IOException {
        String token = token();
        SandboxConfig config = SandboxConfig.defaults().withTimeout(TIMEOUT);
        // Several rounds, so that later sandboxes come ready from the pool the earlier creates started.
        for (int round = 0; round < 5; round++) {
            try (Sandbox sandbox = sandboxes.create(config)) {
                ProcessResult seen = sandbox.run(look(token), TIMEOUT);
                assertThat(seen.stdout()).as("round %d sees nothing of earlier sandboxes", round).isEqualTo("clean\n");
                ProcessResult planted = sandbox.run(List.of("sh", "-c", PLANT, token), TIMEOUT);
                assertThat(planted.stdout()).as(planted.reason() + " " + planted.stderr()).isEqualTo("planted\n");
                assertThat(hostProcessesNamed(token)).as("the detached process ends with its run").isEmpty();
            }
            assertThat(hostProcessesNamed(token)).as("nothing outlives the sandbox").isEmpty();
        }
    }

    @Test
    void sandboxesOpenAtTheSameTime_shareNothing() throws IOException, InterruptedException {
        String token = token();
        SandboxConfig config = SandboxConfig.defaults().withTimeout(TIMEOUT);
        // Rounds, so that later rounds' sandboxes come ready from the pool.
        for (int round = 0; round < 3; round++) {
            List<Sandbox> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    open.add(sandboxes.create(config));
                }
                // The first keeps a process running while the others look (a run that does not end on its own).
                Sandbox first = open.get(0);
                Thread planter = new Thread(() -> first.run(List.of("sh", "-c", PLANT + "; sleep 20", token), TIMEOUT));
                planter.start();
                while (!Files.exists(first.workDir().resolve("marker")) && planter.isAlive()) {
                    Thread.sleep(20);
                }
                for (Sandbox other : open.subList(1, open.size())) {
                    ProcessResult seen = other.run(look(token), TIMEOUT);
                    assertThat(seen.stdout()).as("round %d: %s sees nothing of %s", round, other.id(), first.id())
                            .isEqualTo("clean\n");
                }
                first.close();
                planter.join(TIMEOUT.toMillis());
            } finally {
                open.forEach(Sandbox::close);
            }
            assertThat(hostProcessesNamed(token)).isEmpty();
        }
    }

    @Test
    void listenerOnOneSandboxesLoopback_unreachableFromAnother() throws InterruptedException {
        String listen = "import socket\n"
                + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "s.bind(('127.0.0.1', 47311)); s.listen(5); open('/work/listening', 'w').close()\n"
                + "s.settimeout(20)\n"
                + "try:\n"
                + "    while True: s.accept()[0].sendall(b'leaked')\n"
                + "except OSError: pass\n";
        String probe = "import socket\n"
                + "try:\n"
                + "    c=socket.create_connection(('127.0.0.1', 47311), timeout=2); print('reached', c.recv(16))\n"
                + "except OSError as e: print('refused')\n";
        SandboxConfig config = SandboxConfig.defaults().withTimeout(TIMEOUT);
        for (int round = 0; round < 3; round++) {
            try (Sandbox listener = sandboxes.create(config); Sandbox other = sandboxes.create(config)) {
                Thread serving = new Thread(() -> listener.run(List.of("python3", "-c", listen), TIMEOUT));
                serving.start();
                while (!Files.exists(listener.workDir().resolve("listening")) && serving.isAlive()) {
                    Thread.sleep(20);
                }
                assertThat(listener.run(List.of("python3", "-c", probe), TIMEOUT).stdout())
                        .as("the listener serves its own sandbox").startsWith("reached");
                assertThat(other.run(List.of("python3", "-c", probe), TIMEOUT).stdout())
                        .as("round %d: another sandbox never reaches it", round).isEqualTo("refused\n");
                listener.close();
                serving.join(TIMEOUT.toMillis());
            }
        }
    }

    private static List<String> look(String token) {
        return List.of("sh", "-c", LOOK, "look", token.substring(0, 8), token.substring(8));
    }

    private static String token() {
        return "silas-linger-" + IdGenerator.randomHex128().substring(0, 16);
    }

    /** Host pids whose command line names the token (read from /proc; nothing is killed). */
    static List<Long> hostProcessesNamed(String token) throws IOException {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    byte[] cmdline = Files.readAllBytes(proc.resolve("cmdline"));
                    if (new String(cmdline, StandardCharsets.US_ASCII).contains(token)) {
                        found.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException ignored) {
                    // The process ended while we looked.
                }
            }
        }
        return found;
    }
}
