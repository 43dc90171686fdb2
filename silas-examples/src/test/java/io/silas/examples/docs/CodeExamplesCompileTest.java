package io.silas.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java code block of README.md and every {@code <pre>{@code ...}</pre>} example in the main sources' Javadoc
 * compiles, with the system Java compiler against the test classpath. README blocks are compiled with the imports
 * README.md shows (its import blocks), Javadoc examples with those imports plus their own package. Each example is
 * the body of a method of a class extending {@link ExampleContext}, which declares the host's own objects the
 * examples use without building them ({@code myAgent}, {@code stores}, {@code sandboxes}, ...). A block that
 * declares a type or is data rather than code ({@code {"..."}}) is compiled as it is or skipped, respectively.
 */
class CodeExamplesCompileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern README_BLOCK = Pattern.compile("(?m)^```java\\n(.*?)^```", Pattern.DOTALL);
    private static final Pattern JAVADOC_BLOCK = Pattern.compile("<pre>\\{@code(.*?)}</pre>", Pattern.DOTALL);

    @TempDir
    Path out;

    /** A code example and where it came from. */
    record Example(String origin, String code) {
    }

    @Test
    void readmeAndJavadocExamples_compile() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> imports = new ArrayList<>();
        List<Example> examples = new ArrayList<>();
        Matcher blocks = README_BLOCK.matcher(readme);
        while (blocks.find()) {
            int line = readme.substring(0, blocks.start()).split("\n", -1).length;
            String body = blocks.group(1);
            body.lines().filter(l -> l.startsWith("import ")).forEach(imports::add);
            String code = body.lines().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n"));
            if (!code.isBlank()) {
                examples.add(new Example("README.md:" + line, code));
            }
        }
        assertThat(imports).as("README.md shows the imports its examples use").isNotEmpty();
        int readmeExamples = examples.size();
        List<Example> javadoc = javadocExamples();
        examples.addAll(javadoc);

        List<String> problems = compile(imports, examples);

        assertThat(readmeExamples).isGreaterThanOrEqualTo(9);
        assertThat(javadoc).hasSizeGreaterThanOrEqualTo(12);
        assertThat(problems).as("examples that do not compile").isEmpty();
    }

    private List<Example> javadocExamples() throws IOException {
        List<Example> found = new ArrayList<>();
        List<Path> sources;
        try (var walk = Files.walk(ROOT)) {
            sources = walk.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
                    .sorted().toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            String pkg = text.lines().filter(l -> l.startsWith("package ")).findFirst().orElse("")
                    .replace("package ", "").replace(";", "").trim();
            Matcher m = JAVADOC_BLOCK.matcher(text);
            while (m.find()) {
                String code = m.group(1).lines().map(l -> l.replaceFirst("^\\s*\\* ?", ""))
                        .collect(Collectors.joining("\n")).replace("&#64;", "@").replace("&lt;", "<")
                        .replace("&gt;", ">").replace("&amp;", "&").strip();
                if (code.startsWith("{") || code.startsWith("<")) {
                    continue; // data (JSON, XML), not code
                }
                int line = text.substring(0, m.start()).split("\n", -1).length;
                found.add(new Example(ROOT.relativize(source) + ":" + line,
                        "// package " + pkg + "\n" + code));
            }
        }
        return found;
    }

    private List<String> compile(List<String> imports, List<Example> examples) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            Example example = examples.get(i);
            String pkg = example.code().startsWith("// package ")
                    ? example.code().lines().findFirst().orElseThrow().substring("// package ".length()) : null;
            StringBuilder src = new StringBuilder("package examples;\n");
            imports.forEach(imp -> src.append(imp).append('\n'));
            if (pkg != null && !pkg.isEmpty()) {
                src.append("import ").append(pkg).append(".*;\n");
            }
            String name = "Example" + i;
            src.append("// ").append(example.origin()).append('\n')
                    .append("abstract class ").append(name).append(" extends ")
                    .append(ExampleContext.class.getName()).append(" {\n")
                    .append("    void example() throws Exception {\n")
                    .append(example.code()).append("\n    }\n}\n");
            units.add(new Source(name, src.toString()));
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        StringWriter log = new StringWriter();
        javac.getTask(log, null, diagnostics, List.of("-classpath", classpath, "-d", out.toString(), "-proc:none",
                "-Xlint:none", "-nowarn"), null, units).call();
        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            int index = Integer.parseInt(((Source) d.getSource()).name.substring("Example".length()));
            long exampleLine = d.getLineNumber() - headerLines(((Source) d.getSource()).code);
            problems.add(examples.get(index).origin() + " (example line " + exampleLine + "): "
                    + d.getMessage(Locale.ROOT));
        }
        return problems;
    }

    private static long headerLines(String code) {
        return code.substring(0, code.indexOf("void example()")).lines().count() + 1;
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String name;
        private final String code;

        Source(String name, String code) {
            super(URI.create("string:///examples/" + name + ".java"), Kind.SOURCE);
            this.name = name;
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
