package io.silas.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.stream.StreamBuilder;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's LangChain4j example is at most five lines, compiles against the real API, and wires a builder. */
class ModelReadmeExampleTest {
    private static final String MARKER = "<!-- langchain4j-example -->";

    @TempDir
    Path tmp;

    static String example() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("README marks the example").isNotNegative();
        int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    @Test
    void readmeExample_compilesAndWiresAStreamBuilder() throws Exception {
        String snippet = example();
        assertThat(snippet.lines().count()).isLessThanOrEqualTo(5);
        String source = """
                package readme;
                import dev.langchain4j.model.chat.ChatModel;
                import dev.langchain4j.model.openai.OpenAiChatModel;
                import io.silas.core.stream.StreamBuilder;
                import io.silas.execution.work.WorkExecution;
                import io.silas.langchain4j.LangChain4jAgents;
                public final class Example {
                    public static void wire(StreamBuilder streamBuilder) {
                %s    }
                }
                """.formatted(snippet);
        Path dir = Files.createDirectories(tmp.resolve("readme"));
        Files.writeString(dir.resolve("Example.java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"),
                "-d", tmp.toString(), dir.resolve("Example.java").toString());
        assertThat(status).as("javac exit status").isZero();

        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
            StreamBuilder builder = io.silas.core.stream.Stream.builder();
            loader.loadClass("readme.Example").getMethod("wire", StreamBuilder.class).invoke(null, builder);
        }
    }
}
