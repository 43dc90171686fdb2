package io.silas.core.connection;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.json.Json;
import io.silas.core.path.ConfinedPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SkillScripts} over a skills directory, running each script in a fresh sandbox of the manager.
 *
 * <p><b>Security guarantees:</b> {@code SKILL.md} and scripts are read through {@link ConfinedPaths#read} (bounded,
 * regular files only, no symbolic link out of the skill's dir, a link swapped in after the check fails the read) and
 * the script runs from a copy in the sandbox's own work dir.
 */
final class SandboxedSkillScripts implements SkillScripts {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxedSkillScripts.class);
    /** Largest {@code SKILL.md} read. */
    private static final int MAX_MANIFEST_BYTES = 64 * 1024;
    /** Largest script copied into a sandbox. */
    private static final int MAX_SCRIPT_BYTES = 1024 * 1024;
    private static final String FRONT_MATTER = "---";

    private final Path skillsDir;
    private final SandboxManager sandboxes;
    private final Duration timeout;

    /** The SKILL.md front matter fields we read; others are ignored. */
    private record Manifest(@Nullable String name, @Nullable String type, @Nullable AuthStrategy authStrategy,
                            @Nullable List<String> initialPermissions, @Nullable List<String> availablePermissions) {
    }

    SandboxedSkillScripts(Path skillsDir, SandboxManager sandboxes, Duration timeout) {
        Checks.nonNull(skillsDir, "skills_dir");
        this.sandboxes = Checks.nonNull(sandboxes, "sandboxes");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw SilasException.invalid("timeout", "must be positive");
        }
        this.timeout = timeout;
        try {
            this.skillsDir = skillsDir.toRealPath();
        } catch (IOException e) {
            throw SilasException.invalid("skills_dir", "must be an existing directory");
        }
    }

    @Override
    public List<ConnectionSkill> skills() {
        List<ConnectionSkill> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(skillsDir)) {
            for (Path dir : dirs) {
                find(dir.getFileName().toString()).ifPresent(found::add);
            }
        } catch (IOException e) {
            throw new SilasException(io.silas.core.error.ErrorCode.CONNECTION_FAILURE, "skills directory unreadable");
        }
        found.sort(Comparator.comparing(ConnectionSkill::name));
        return List.copyOf(found);
    }

    @Override
    public Optional<ConnectionSkill> find(String name) {
        if (name == null || !ConnectionSkill.NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        ConfinedPaths files = ConfinedPaths.of(skillsDir, List.of());
        ConfinedPaths.Resolution resolved = files.resolve(name);
        Path dir = resolved.path();
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !dir.getParent().equals(skillsDir)) {
            return Optional.empty();
        }
        ConfinedPaths.Content skillMd = ConfinedPaths.of(dir, List.of()).read("SKILL.md", MAX_MANIFEST_BYTES);
        if (!skillMd.ok() || skillMd.truncated()) {
            return Optional.empty();
        }
        try {
            Manifest m = Json.convert(frontMatter(new String(skillMd.bytes(), StandardCharsets.UTF_8)),
                    Manifest.class);
            if (!name.equals(m.name()) || !"connection".equals(m.type()) || m.authStrategy() == null) {
                LOG.warn("skill {} skipped: SKILL.md front matter needs name {}, type connection, auth_strategy",
                        name, name);
                return Optional.empty();
            }
            return Optional.of(new ConnectionSkill(name, m.authStrategy(), m.initialPermissions(),
                    m.availablePermissions(), dir));
        } catch (IOException | SilasException e) {
            LOG.warn("skill {} skipped: unreadable SKILL.md front matter", name);
            return Optional.empty();
        }
    }

    @Override
    public ScriptRun run(ConnectionSkill skill, SkillScript script, List<ScriptMessage> messages,
                         Map<String, String> credentialRefs) {
        Checks.nonNull(skill, "skill");
        Checks.nonNull(script, "script");
        List<ScriptMessage> input = Checks.list(messages, "messages");
        Map<String, String> env = Map.copyOf(Checks.nonNull(credentialRefs, "credential_refs"));
        for (String variable : env.keySet()) {
            if (!variable.startsWith(CREDENTIAL_REF_PREFIX)) {
                throw SilasException.invalid("credential_refs", "only " + CREDENTIAL_REF_PREFIX + "* variables");
            }
        }
        Optional<ConnectionSkill> current = find(skill.name());
        ConfinedPaths.Content file = current.map(s -> ConfinedPaths.of(s.directory(), List.of())
                .read("scripts/" + script.fileName(), MAX_SCRIPT_BYTES)).orElse(null);
        if (file == null || !file.ok() || file.truncated()) {
            return failed(skill, "script " + script.fileName() + " not found");
        }
        SandboxConfig config = SandboxConfig.defaults().withNetworkAccess(true).withTimeout(timeout).withEnv(env);
        try (Sandbox sandbox = sandboxes.create(config)) {
            Path copy = sandbox.workDir().resolve(script.fileName());
            Files.write(copy, file.bytes(), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r-xr-xr-x"));
            ProcessResult result = sandbox.run(List.of("./" + script.fileName()), timeout, stdin(input));
            return interpret(skill, script, result);
        } catch (IOException e) {
            return failed(skill, "script " + script.fileName() + " could not be staged in the sandbox");
        }
    }

    private static ScriptRun interpret(ConnectionSkill skill, SkillScript script, ProcessResult result) {
        String name = script.fileName();
        LOG.debug("skill {} script {} ended: {} ({} stderr chars)", skill.name(), name, result.termination(),
                result.stderr().length());
        if (!result.succeeded()) {
            return failed(skill, "script " + name + " failed: " + result.reason());
        }
        if (result.truncated()) {
            return failed(skill, "script " + name + " wrote more output than allowed");
        }
        List<ScriptEvent> events = new ArrayList<>();
        for (String line : result.stdout().split("\n", -1)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                ScriptEvent event = ScriptEvent.parse(line);
                if (event instanceof ScriptEvent.Log) {
                    LOG.debug("skill {} script {} logged a line", skill.name(), name);
                }
                events.add(event);
            } catch (SilasException e) {
                return failed(skill, "script " + name + " wrote a malformed protocol line");
            }
        }
        return new ScriptRun(events, null);
    }

    private static byte[] stdin(List<ScriptMessage> messages) {
        StringBuilder out = new StringBuilder();
        for (ScriptMessage message : messages) {
            out.append(Json.write(message)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ScriptRun failed(ConnectionSkill skill, String message) {
        return ScriptRun.failed(ConnectionFailure.unknown(skill.name(), message));
    }

    private static JsonNode frontMatter(String text) throws IOException {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).strip().equals(FRONT_MATTER)) {
            throw SilasException.invalid("SKILL.md", "must start with front matter");
        }
        int end = -1;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(FRONT_MATTER)) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw SilasException.invalid("SKILL.md", "front matter is not closed");
        }
        JsonNode node = Json.yamlMapper().readTree(String.join("\n", lines.subList(1, end)));
        if (node == null || !node.isObject()) {
            throw SilasException.invalid("SKILL.md", "front matter must be a mapping");
        }
        return node;
    }
}
