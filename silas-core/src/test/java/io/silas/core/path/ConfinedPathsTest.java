package io.silas.core.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.gate.ExpectationOutcome;
import io.silas.core.gate.FileChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Path confinement of {@code file_exists} and {@code cwd}: real files, real symlinks. */
class ConfinedPathsTest {
    @TempDir
    Path tmp;

    private Path artifacts;
    private Path project;
    private Path outside;

    @BeforeEach
    void setUp() throws IOException {
        artifacts = Files.createDirectories(tmp.resolve("verify"));
        project = Files.createDirectories(tmp.resolve("project"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(artifacts.resolve("report.txt"), "ok");
        Files.createDirectories(artifacts.resolve("sub"));
        Files.writeString(artifacts.resolve("sub/deep.txt"), "ok");
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        Files.writeString(outside.resolve("secret.txt"), "secret");
    }

    private ConfinedPaths paths() {
        return ConfinedPaths.of(artifacts, List.of(project));
    }

    @Test
    void resolve_relativeExistingFile_realPathInsideArtifacts() throws IOException {
        ConfinedPaths.Resolution r = paths().resolve("sub/deep.txt");
        assertThat(r.ok()).isTrue();
        assertThat(r.path()).isEqualTo(artifacts.toRealPath().resolve("sub/deep.txt"));
        assertThat(paths().resolve("./report.txt").ok()).isTrue();
    }

    @Test
    void resolve_missingInside_fileNotFound() {
        assertThat(paths().resolve("missing.txt").problem()).isEqualTo(ConfinedPaths.NOT_FOUND);
        assertThat(paths().resolve("report.txt/child").problem()).isEqualTo(ConfinedPaths.NOT_FOUND);
    }

    @Test
    void resolve_dotDotSegments_outsideWithoutLookingAtTheFileSystem() {
        assertThat(paths().resolve("../x").problem()).isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(paths().resolve("sub/../report.txt").problem()).isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(paths().resolve("../outside/secret.txt").problem()).isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(paths().resolve("a\0b").problem()).isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(paths().resolve(" ").problem()).isEqualTo(ConfinedPaths.OUTSIDE);
    }

    @Test
    void resolve_absoluteOutside_outsideWhetherOrNotItExists() {
        assertThat(paths().resolve("/etc/passwd").problem()).isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(paths().resolve("/etc/definitely-not-here-" + System.nanoTime()).problem())
                .isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(paths().resolve(outside.resolve("secret.txt").toString()).problem()).isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(paths().resolve("/").problem()).isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(paths().resolve(tmp.toString()).problem()).as("an ancestor of a root").isEqualTo(ConfinedPaths.OUTSIDE);
    }

    @Test
    void resolve_absoluteInsideArtifactsOrProject_allowed() {
        assertThat(paths().resolve(artifacts.resolve("report.txt").toString()).ok()).isTrue();
        assertThat(paths().resolve(project.resolve("pom.xml").toString()).ok()).isTrue();
        assertThat(paths().resolve(project.toString()).ok()).isTrue();
        assertThat(paths().resolve(project.resolve("nope").toString()).problem()).isEqualTo(ConfinedPaths.NOT_FOUND);
    }

    @Test
    void resolve_projectDirNotConfigured_outside() {
        ConfinedPaths withoutProject = ConfinedPaths.of(artifacts, List.of());
        assertThat(withoutProject.resolve(project.resolve("pom.xml").toString()).problem())
                .isEqualTo(ConfinedPaths.OUTSIDE);
    }

    @Test
    void resolve_symlinkPointingOutside_outsideWhetherOrNotTheTargetExists() throws IOException {
        Files.createSymbolicLink(artifacts.resolve("passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(artifacts.resolve("dangling"), Path.of("/etc/no-such-file-" + System.nanoTime()));
        Files.createSymbolicLink(artifacts.resolve("relative"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(artifacts.resolve("relative-missing"), Path.of("../outside/missing.txt"));
        Files.createSymbolicLink(artifacts.resolve("dir"), outside);

        for (String link : List.of("passwd", "dangling", "relative", "relative-missing", "dir/secret.txt", "dir/nope")) {
            assertThat(paths().resolve(link).problem()).as(link).isEqualTo(ConfinedPaths.OUTSIDE);
        }
    }

    @Test
    void resolve_symlinkStayingInside_followed() throws IOException {
        Files.createSymbolicLink(artifacts.resolve("alias"), Path.of("sub/deep.txt"));
        Files.createSymbolicLink(artifacts.resolve("to-project"), project);
        Files.createSymbolicLink(artifacts.resolve("inside-missing"), Path.of("sub/missing.txt"));

        assertThat(paths().resolve("alias").path()).isEqualTo(artifacts.toRealPath().resolve("sub/deep.txt"));
        assertThat(paths().resolve("to-project/pom.xml").ok()).isTrue();
        assertThat(paths().resolve("inside-missing").problem()).isEqualTo(ConfinedPaths.NOT_FOUND);
    }

    @Test
    void resolve_symlinkLoop_refused() throws IOException {
        Files.createSymbolicLink(artifacts.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(artifacts.resolve("b"), Path.of("a"));
        assertThat(paths().resolve("a").ok()).isFalse();
    }

    @Test
    void resolve_projectDirSpelledThroughSymlink_allowed() throws IOException {
        Path alias = Files.createSymbolicLink(tmp.resolve("project-alias"), project);
        ConfinedPaths viaAlias = ConfinedPaths.of(artifacts, List.of(alias));
        assertThat(viaAlias.resolve(alias.resolve("pom.xml").toString()).ok()).isTrue();
        assertThat(viaAlias.resolve(project.resolve("pom.xml").toString()).ok()).isTrue();
    }

    @Test
    void of_artifactsNotADirectory_invalidInput() {
        assertThatThrownBy(() -> ConfinedPaths.of(artifacts.resolve("report.txt"), List.of()))
                .isInstanceOf(SilasException.class)
                .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> ConfinedPaths.of(tmp.resolve("missing"), List.of()))
                .isInstanceOf(SilasException.class);
    }

    @Test
    void none_everythingOutside() {
        assertThat(ConfinedPaths.none().resolve(artifacts.resolve("report.txt").toString()).problem())
                .isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(ConfinedPaths.none().resolve("report.txt").problem()).isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(ConfinedPaths.none().base()).isNull();
    }

    @Test
    void asFileChecker_fileExistsSemantics() {
        FileChecker checker = FileChecker.confinedTo(paths());
        assertThat(checker.check("report.txt")).isEqualTo(ExpectationOutcome.pass("file exists"));
        assertThat(checker.check("missing.txt")).isEqualTo(ExpectationOutcome.fail(ConfinedPaths.NOT_FOUND));
        assertThat(checker.check("/etc/passwd")).isEqualTo(ExpectationOutcome.fail(ConfinedPaths.OUTSIDE));
    }

    @Test
    void of_missingProjectDir_ignored() {
        ConfinedPaths p = ConfinedPaths.of(artifacts, List.of(tmp.resolve("gone")));
        assertThat(p.resolve(tmp.resolve("gone/x").toString()).problem()).isEqualTo(ConfinedPaths.OUTSIDE);
    }

    @Test
    void read_regularFileInside_boundedAndMarkedTruncated() {
        ConfinedPaths.Content whole = paths().read("sub/deep.txt", 10);
        ConfinedPaths.Content cut = paths().read("report.txt", 1);

        assertThat(whole.ok()).isTrue();
        assertThat(new String(whole.bytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("ok");
        assertThat(whole.truncated()).isFalse();
        assertThat(cut.bytes()).hasSize(1);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.size()).isEqualTo(2);
    }

    @Test
    void read_symlinkEscapeDotDotAndAbsolute_refusedWithoutReadingTheTarget() throws IOException {
        Files.createSymbolicLink(artifacts.resolve("leak.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(artifacts.resolve("leakdir"), outside);

        assertThat(paths().read("leak.txt", 100).problem()).isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(paths().read("leakdir/secret.txt", 100).problem()).isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(paths().read("../outside/secret.txt", 100).problem()).isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(paths().read("sub/../../outside/secret.txt", 100).problem()).isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(paths().read(outside.resolve("secret.txt").toString(), 100).problem())
                .isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(paths().read("/etc/passwd", 100).problem()).isEqualTo(ConfinedPaths.OUTSIDE);
        assertThat(paths().read("report.txt\0", 100).problem()).isEqualTo(ConfinedPaths.OUTSIDE);
    }

    @Test
    void read_directoryAndFifo_notARegularFile_andNeverBlocks() throws Exception {
        Path fifo = artifacts.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        assertThat(paths().read("pipe", 100).problem()).isEqualTo(ConfinedPaths.NOT_A_FILE);
        assertThat(paths().read("sub", 100).problem()).isEqualTo(ConfinedPaths.NOT_A_FILE);
        assertThat(paths().read(".", 100).problem()).isEqualTo(ConfinedPaths.NOT_A_FILE);
    }

    /**
     * Time of check to time of use: {@link ConfinedPaths#read} opens the checked real path one directory handle at a
     * time without following links, so a directory or file swapped for a symbolic link after the check (here: present
     * before the open) fails the read instead of leaving the permitted directory.
     */
    @Test
    void readBelow_componentSwappedForALinkAfterTheCheck_failsInsteadOfFollowingIt() throws IOException {
        Path real = artifacts.toRealPath();
        Files.move(real.resolve("sub"), real.resolve("sub-moved"));
        Files.createSymbolicLink(real.resolve("sub"), outside);
        Files.writeString(outside.resolve("deep.txt"), "secret");
        Files.createSymbolicLink(real.resolve("swapped.txt"), outside.resolve("secret.txt"));

        assertThatThrownBy(() -> ConfinedPaths.readBelow(real, Path.of("sub/deep.txt"), 100))
                .isInstanceOf(IOException.class);
        assertThat(ConfinedPaths.readBelow(real, Path.of("swapped.txt"), 100).problem())
                .as("a final component that is a link is not a regular file").isEqualTo(ConfinedPaths.NOT_A_FILE);
    }

    @Test
    void newChild_absoluteDotDotNulAndTheDirItself_refused() {
        Path dir = tmp.resolve("work");
        assertThat(ConfinedPaths.newChild(dir, "f", "a/b.txt")).isEqualTo(dir.resolve("a/b.txt"));
        for (String bad : List.of("", "/etc/passwd", "../x", "a/../../x", "a\\..\\x", ".", "a\0b")) {
            assertThatThrownBy(() -> ConfinedPaths.newChild(dir, "f", bad)).as(bad)
                    .isInstanceOfSatisfying(SilasException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        }
    }
}
