package io.silas.examples.attacks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Host-side helpers of the attack tests: another local user's commands, and the processes a test started. */
final class AttackHost {
    /** The other local user: an unprivileged uid that owns nothing of Silas's. */
    static final int OTHER_UID = 65534;

    private AttackHost() {
    }

    /** What a command run as another user did. */
    record Outcome(int exitCode, String output) {
    }

    /** Runs argv as {@link #OTHER_UID} (no supplementary groups, no new privileges) and waits for it. */
    static Outcome asOtherUser(String... argv) throws IOException, InterruptedException {
        return asUser(OTHER_UID, argv);
    }

    /** Runs argv as {@code uid} (no supplementary groups, no new privileges) and waits for it. */
    static Outcome asUser(int uid, String... argv) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid,
                "--clear-groups", "--no-new-privs", "--"));
        cmd.addAll(List.of(argv));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the other user's command did not finish");
        }
        return new Outcome(p.exitValue(), out);
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
