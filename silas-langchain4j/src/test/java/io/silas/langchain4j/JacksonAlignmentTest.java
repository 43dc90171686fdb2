package io.silas.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Silas + LangChain4j (core, AiServices, OpenAI client) resolve to one Jackson version: this module's test
 * classpath holds exactly that combination under the parent's {@code jackson-bom} import, and every Jackson jar on
 * it reports the same major.minor (annotations carry major.minor only since 2.20).
 */
class JacksonAlignmentTest {
    private static final List<String> ARTIFACTS = List.of("com.fasterxml.jackson.core/jackson-core",
            "com.fasterxml.jackson.core/jackson-databind", "com.fasterxml.jackson.core/jackson-annotations",
            "com.fasterxml.jackson.datatype/jackson-datatype-jsr310",
            "com.fasterxml.jackson.dataformat/jackson-dataformat-yaml");

    @Test
    void everyJacksonJar_hasOneMajorMinorVersion() throws IOException {
        Set<String> minors = new TreeSet<>();
        for (String artifact : ARTIFACTS) {
            List<URL> found = Collections.list(getClass().getClassLoader()
                    .getResources("META-INF/maven/" + artifact + "/pom.properties"));
            assertThat(found).as(artifact).hasSize(1);
            Properties properties = new Properties();
            try (InputStream in = found.get(0).openStream()) {
                properties.load(in);
            }
            String[] parts = properties.getProperty("version").split("\\.");
            minors.add(parts[0] + "." + parts[1]);
        }

        assertThat(minors).hasSize(1);
    }
}
