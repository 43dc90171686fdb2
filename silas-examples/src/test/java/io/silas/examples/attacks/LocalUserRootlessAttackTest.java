package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.silas.core.IdGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Another local user (uid {@value #OTHER_UID}) against a rootless Silas JVM (uid {@value NonRootJvm#UID}):
 * the sandbox's work dir lives in a tmpfs inside a user namespace that JVM owns, reachable from the host only
 * through {@code /proc/<holder>/root}, which needs ptrace rights over the holder. The other user reads nothing
 * there, nor in the sandbox base dir (promise 6). Needs root to switch uids (the build runs as root).
 */
class LocalUserRootlessAttackTest {
    /** Another unprivileged uid: neither root nor the JVM's. */
    static final int OTHER_UID = 65533;

    @Test
    void rootlessWorkDir_unreadableByAnotherUser() throws Exception {
        assumeThat(AttackHost.isRoot()).as("switching to two other uids needs root").isTrue();
        assumeThat(NonRootJvm.isChild()).isFalse();
        String secret = "secret-" + IdGenerator.randomHex128();
        try (NonRootJvm.Child host = NonRootJvm.start(RootlessSandboxHost.class.getName(), List.of(secret))) {
            String ready = host.awaitLine("READY ");
            assertThat(ready).as("the rootless sandbox host started").isNotNull().endsWith(" ok");
            String[] parts = ready.split(" ");
            String workView = parts[1];
            String base = parts[2];

            String attempts = String.join("; ", "cat " + workView + "/host-secret.txt",
                    "cat " + workView + "/payload-secret.txt", "ls -la " + workView, "ls -laR " + base,
                    "cat " + base + "/*/work/*", "cat /proc/*/root" + workView.substring(workView.indexOf("/root/") + 5)
                            + "/*");
            AttackHost.Outcome other = AttackHost.asUser(OTHER_UID, "sh", "-c", attempts + "; true");

            assertThat(other.output()).doesNotContain(secret);
            assertThat(host.await().output()).contains("payload copy intact: true");
        }
    }
}
