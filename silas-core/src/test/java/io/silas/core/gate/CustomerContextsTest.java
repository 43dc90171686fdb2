package io.silas.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.config.SilasConfig;
import io.silas.core.error.SilasException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerContextsTest {
    @TempDir
    Path data;
    private Path dir;
    private CustomerContexts contexts;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createDirectories(data.resolve("customer_context"));
        contexts = CustomerContexts.in(data, dir);
    }

    @Test
    void load_jsonObject_returnsItsFields() throws Exception {
        Files.writeString(dir.resolve("c-1.json"), "{\"tier\":\"gold\",\"since\":2021}");

        assertThat(contexts.load("c-1")).containsOnlyKeys("tier", "since");
    }

    @Test
    void load_missingFile_empty() {
        assertThat(contexts.load("nobody")).isEmpty();
    }

    @Test
    void load_notAnObjectOrMalformed_empty() throws Exception {
        Files.writeString(dir.resolve("arr.json"), "[1,2]");
        Files.writeString(dir.resolve("bad.json"), "{not json");

        assertThat(contexts.load("arr")).isEmpty();
        assertThat(contexts.load("bad")).isEmpty();
    }

    @Test
    void load_pathLikeCustomerId_rejected() {
        assertThatThrownBy(() -> contexts.load("../secrets")).isInstanceOf(SilasException.class)
                .hasMessageContaining("customer_id");
        assertThatThrownBy(() -> contexts.load("a/b")).isInstanceOf(SilasException.class);
    }

    @Test
    void load_symlinkOutsideDirectory_ignored() throws Exception {
        Path outside = Files.writeString(data.resolve("outside.json"), "{\"leak\":true}");
        Files.createSymbolicLink(dir.resolve("evil.json"), outside);

        assertThat(contexts.load("evil")).isEmpty();
    }

    @Test
    void load_oversizedFile_ignored() throws Exception {
        Files.writeString(dir.resolve("big.json"), "{\"x\":\"" + "a".repeat(CustomerContexts.MAX_BYTES) + "\"}");

        assertThat(contexts.load("big")).isEmpty();
    }

    @Test
    void in_directoryOutsideDataDir_rejected(@TempDir Path elsewhere) {
        assertThatThrownBy(() -> CustomerContexts.in(data, elsewhere)).isInstanceOf(SilasException.class)
                .hasMessageContaining("customer_context_dir");
        assertThatThrownBy(() -> CustomerContexts.in(data, data)).isInstanceOf(SilasException.class);
    }

    @Test
    void of_defaultConfig_usesConfiguredDirectory() {
        assertThat(CustomerContexts.of(SilasConfig.defaults()).load("anyone")).isEmpty();
        assertThat(CustomerContexts.none().load("anyone")).isEmpty();
    }
}
