package io.silas.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Comments in the sources cite only documents inside the repository: the behaviour they implement is described in
 * {@code docs/} (contracts, threat model, plan format, owner message signing, configuration), and a comment points
 * there as {@code docs/contracts.md#gates}. A citation of a document a reader of this repository cannot open — a
 * numbered section of an outside specification, the design notes the SDK was built from, a work list —
 * fails the build, and so does a {@code docs/} link whose file or section does not exist.
 */
class DocReferencesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Citations of documents that are not in the repository. */
    private static final Pattern OUTSIDE = Pattern.compile(
            "§|\\bCONTRACTS\\b|THREAT-MODEL|batch-plan|\\bspecs?\\.md|\\bARCHITECTURE\\b|\\b(?:STYLE|SANDBOX|DEPENDENCIES)"
                    + "\\.md|\\b[Ss]pec(?:'s)?\\b(?!\\w)");
    /** A link into docs/: a file, optionally a section, optionally more sections of the same file. */
    private static final Pattern DOCS_LINK = Pattern.compile("docs/([\\w-]+\\.md)((?:#[\\w-]+)?(?:, #[\\w-]+)*)");

    @Test
    void sourceCommentsCiteOnlyDocumentsInTheRepository() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path source : sources()) {
            List<String> lines = commentLines(Files.readString(source));
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = OUTSIDE.matcher(lines.get(i));
                if (m.find()) {
                    problems.add(ROOT.relativize(source) + ":" + (i + 1) + ": cites \"" + m.group()
                            + "\" (point to the docs/ file and section instead): " + lines.get(i).strip());
                }
            }
        }
        assertThat(problems).as("source comments that cite a document outside the repository").isEmpty();
    }

    @Test
    void everyDocsLinkInTheSourcesResolves() throws IOException {
        List<String> problems = new ArrayList<>();
        int links = 0;
        for (Path source : sources()) {
            List<String> lines = commentLines(Files.readString(source));
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = DOCS_LINK.matcher(lines.get(i));
                while (m.find()) {
                    links++;
                    Path doc = ROOT.resolve("docs").resolve(m.group(1));
                    if (!Files.isRegularFile(doc)) {
                        problems.add(ROOT.relativize(source) + ":" + (i + 1) + ": no such file docs/" + m.group(1));
                        continue;
                    }
                    Set<String> anchors = anchors(doc);
                    for (String anchor : m.group(2).replace(", ", "").split("#")) {
                        if (!anchor.isEmpty() && !anchors.contains(anchor)) {
                            problems.add(ROOT.relativize(source) + ":" + (i + 1) + ": no section #" + anchor
                                    + " in docs/" + m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(links).as("links into docs/ found in the sources").isGreaterThan(200);
        assertThat(problems).as("docs/ links that do not resolve").isEmpty();
    }

    @Test
    void outsideCitationsAreFoundInCommentsOnly() {
        String source = """
                /** Gates (spec §3.4). */
                class A {
                    String s = "spec §1 // not a comment";
                    // see CONTRACTS §2
                    /* docs/contracts.md#gates */
                }
                """;
        List<String> lines = commentLines(source);
        assertThat(lines.get(0)).contains("spec §3.4");
        assertThat(lines.get(2)).isBlank();
        assertThat(lines.get(3)).contains("CONTRACTS");
        assertThat(OUTSIDE.matcher(lines.get(4)).find()).isFalse();
        assertThat(OUTSIDE.matcher("ToolSpecification spec").find()).isTrue();
        assertThat(OUTSIDE.matcher("a ToolSpecification and specifics").find()).isFalse();
    }

    private static List<Path> sources() throws IOException {
        try (var walk = Files.walk(ROOT)) {
            return walk.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/")
                    && !p.toString().contains("/target/")).sorted().toList();
        }
    }

    /** The GitHub-style anchors of a markdown file's headings. */
    private static Set<String> anchors(Path doc) throws IOException {
        Set<String> anchors = new HashSet<>();
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
                anchors.add(title.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    /**
     * Each line of a Java source with everything outside comments blanked (string, char and text-block literals
     * included), so a URL in a string is never taken for a comment and code never for a citation.
     */
    static List<String> commentLines(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(source, i, end);
                i = end;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(source, i, end);
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                blank(out, source, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && source.charAt(end) != c && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 1);
                blank(out, source, i, end);
                i = end;
            } else {
                out.append(c == '\n' ? '\n' : ' ');
                i++;
            }
        }
        return List.of(out.toString().split("\n", -1));
    }

    private static void blank(StringBuilder out, String source, int from, int to) {
        for (int k = from; k < to; k++) {
            out.append(source.charAt(k) == '\n' ? '\n' : ' ');
        }
    }
}
