package io.silas.execution;

import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;

/** Writes connection-skill directories with small {@code sh} scripts that speak the NDJSON protocol. */
final class SkillFixtures {
    private SkillFixtures() {
    }

    /** Creates {@code <dir>/<name>/SKILL.md} for a connection skill and returns the skill dir. */
    static Path skill(Path skillsDir, String name, String authStrategy) {
        String md = "---\nname: " + name + "\ntype: connection\nauth_strategy: " + authStrategy
                + "\ninitial_permissions: [mail.read]\navailable_permissions: [mail.read, mail.send]\n---\n"
                + "# " + name + "\nA test connection skill.\n";
        Path dir = skillsDir.resolve(name);
        write(dir.resolve("SKILL.md"), md, false);
        return dir;
    }

    /** Writes an executable {@code scripts/<file>} with a {@code #!/bin/sh} header and the given body. */
    static void script(Path skillDir, String file, String body) {
        write(skillDir.resolve("scripts").resolve(file), "#!/bin/sh\n" + body + "\n", true);
    }

    /** A script that always answers with one {@code result} event. */
    static void resultScript(Path skillDir, String file, String resultJson) {
        script(skillDir, file, "cat >/dev/null\necho '{\"type\":\"result\",\"result\":" + resultJson + "}'");
    }

    static void write(Path file, String text, boolean executable) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            if (executable) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Wraps a real manager and counts the sandboxes it created (to prove that nothing was spawned). */
    static final class CountingSandboxManager implements SandboxManager {
        private final SandboxManager delegate;
        final AtomicInteger created = new AtomicInteger();

        CountingSandboxManager(SandboxManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public Sandbox create(SandboxConfig config) {
            created.incrementAndGet();
            return delegate.create(config);
        }
    }
}
