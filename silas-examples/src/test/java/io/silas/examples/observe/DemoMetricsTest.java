package io.silas.examples.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.silas.examples.Demo;
import io.silas.micrometer.SilasMicrometer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host's view of the meters: the scripted demo (real SQLite file, real keys, a replayed owner message, a blocked
 * credential leak, a signed plan approval, a real bubblewrap sandbox run and its verification) with a Micrometer
 * {@link SimpleMeterRegistry} and an {@link ObservationRegistry} with a handler, plugged in with one
 * {@code observer(..)} call.
 */
class DemoMetricsTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> observed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void permissions() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
    }

    private boolean runDemo() throws Exception {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                observed.add(context.getName());
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        return new Demo(tmp.resolve("data"), tmp.resolve("keys/master.key"),
                new PrintStream(transcript, true, StandardCharsets.UTF_8), Clock.systemUTC())
                .observer(SilasMicrometer.observer(meters, observations))
                .run();
    }

    private long timed(String name, String... tags) {
        return meters.get(name).tags(tags).timers().stream().mapToLong(Timer::count).sum();
    }

    private double counted(String name, String... tags) {
        return meters.get(name).tags(tags).counter().count();
    }

    @Test
    void scriptedDemo_everyOperationAndCounterIsRecorded() throws Exception {
        assertThat(runDemo()).as(transcript.toString(StandardCharsets.UTF_8)).isTrue();

        long turns = timed("silas.turn", "scope_kind", "connection");
        assertThat(turns).isGreaterThanOrEqualTo(4);
        assertThat(timed("silas.turn", "outcome", "blocked")).isGreaterThanOrEqualTo(1);
        assertThat(timed("silas.gate.check", "lane", "input")).isGreaterThanOrEqualTo(turns);
        assertThat(timed("silas.gate.check", "lane", "output", "outcome", "blocked", "gate", "no_private_keys"))
                .isEqualTo(1);
        assertThat(counted("silas.gate.blocks", "gate", "no_private_keys")).isEqualTo(1);
        assertThat(timed("silas.agent.call", "agent", "proxy")).isGreaterThanOrEqualTo(turns - 1);
        assertThat(counted("silas.messages", "outcome", "admitted")).isEqualTo(turns);
        assertThat(counted("silas.nonce.replays")).isEqualTo(1);
        assertThat(timed("silas.approval.issue", "approval_scope", "full_plan")).isEqualTo(1);
        assertThat(counted("silas.approvals", "outcome", "valid")).isGreaterThanOrEqualTo(1);
        assertThat(timed("silas.work.run", "outcome", "done")).isEqualTo(1);
        assertThat(timed("silas.sandbox.run", "reason", "exited")).isGreaterThanOrEqualTo(1);
        assertThat(counted("silas.sandbox.terminations", "reason", "exited")).isGreaterThanOrEqualTo(1);
        assertThat(timed("silas.verification", "outcome", "passed")).isEqualTo(1);
        assertThat(counted("silas.audit.appends")).isGreaterThan(turns);
        assertThat(counted("silas.drain.turns", "result", "cancelled")).isZero();
        assertThat(meters.get("silas.turns.pending").gauge().value()).isZero();
        assertThat(observed).contains("silas.turn", "silas.gate.check", "silas.agent.call", "silas.approval.issue",
                "silas.approval.verify", "silas.work.run", "silas.sandbox.run", "silas.verification");
    }
}
