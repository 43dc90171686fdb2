package io.silas.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} is generated from {@link SilasConfig} and must match it: the build fails when a
 * key, type, default or description changed without regenerating the page ({@link ConfigurationReference#REGENERATE}
 * rewrites it: run with {@code -Dsilas.docs.write=true}).
 */
class ConfigurationReferenceTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path PAGE = MODULE.resolveSibling("docs").resolve("configuration.md");

    @Test
    void docsConfigurationMdIsUpToDate() throws IOException {
        ConfigurationReference reference = ConfigurationReference.fromSource(MODULE);
        String generated = reference.markdown();
        if (Boolean.getBoolean("silas.docs.write")) {
            Files.writeString(PAGE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(PAGE)).as("%s exists; create it with: %s", PAGE, ConfigurationReference.REGENERATE)
                .isTrue();
        assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
                .as("docs/configuration.md is out of date with SilasConfig; regenerate it with: %s",
                        ConfigurationReference.REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void everyKeyAndSectionIsDescribed() throws IOException {
        ConfigurationReference reference = ConfigurationReference.fromSource(MODULE);
        reference.markdown();
        assertThat(reference.undocumented())
                .as("keys or sections of SilasConfig without a Javadoc description (@param of the record component, "
                        + "or the record's summary)")
                .isEmpty();
    }
}
