package io.silas.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@link ErrorCode} is reachable (docs/contracts.md#errors): it has a user-safe message and at least one place in
 * the main sources of the SDK modules that raises or reports it. The scan reads {@code src/main/java} of every
 * {@code silas-*} module next to this one (the test runs in the module directory), ignoring {@code ErrorCode.java}
 * itself.
 */
class ErrorCodeCoverageTest {
    private static final Pattern REFERENCE = Pattern.compile("ErrorCode\\.([A-Z_]+)\\b");

    @Test
    void everyCode_hasAUserSafeMessage() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.userMessage()).as(code.name()).isNotBlank().endsWith(".").hasSizeLessThan(120)
                    .doesNotContain("{", "}", "/", "\\", "Exception", "null", "%s");
            assertThat(code.id()).as(code.name()).matches("[a-z]+\\.[a-z_]+");
        }
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::id).distinct()).hasSize(ErrorCode.values().length);
    }

    @Test
    void everyCategory_hasAtLeastOneCode() {
        Set<ErrorCategory> used = Arrays.stream(ErrorCode.values()).map(ErrorCode::category)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ErrorCategory.class)));
        assertThat(used).containsExactlyInAnyOrder(ErrorCategory.values());
    }

    @Test
    void everyCode_isRaisedOrReportedInMainCode() {
        Set<ErrorCode> referenced = EnumSet.noneOf(ErrorCode.class);
        for (Path file : mainSources()) {
            Matcher m = REFERENCE.matcher(read(file));
            while (m.find()) {
                String name = m.group(1);
                Arrays.stream(ErrorCode.values()).filter(c -> c.name().equals(name)).forEach(referenced::add);
            }
        }
        Set<ErrorCode> missing = EnumSet.allOf(ErrorCode.class);
        missing.removeAll(referenced);
        assertThat(missing).as("error codes nothing raises").isEmpty();
    }

    private static List<Path> mainSources() {
        Path root = Path.of("").toAbsolutePath().getParent();
        try (Stream<Path> modules = Files.list(root)) {
            List<Path> sources = modules.filter(p -> p.getFileName().toString().startsWith("silas-"))
                    .map(p -> p.resolve("src/main/java")).filter(Files::isDirectory)
                    .flatMap(ErrorCodeCoverageTest::javaFiles)
                    .filter(p -> !p.getFileName().toString().equals("ErrorCode.java")).toList();
            assertThat(sources).as("main sources under " + root).hasSizeGreaterThan(100);
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> javaFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
