package io.silas.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounds and confinement of the artifact reader behind rehydrated file subscriptions. */
class ArtifactReaderTest {
    @TempDir
    Path tmp;

    @Test
    void star_manyLargeFiles_cappedPerFilePerSubscriptionAndInCount_cutsMarked() throws Exception {
        Path item = Files.createDirectories(tmp.resolve("artifacts/item-1"));
        for (int i = 0; i < 50; i++) {
            Files.writeString(item.resolve("f%02d.txt".formatted(i)), "q".repeat(10_000));
        }

        String text = new ArtifactReader(tmp.resolve("artifacts")).read("item-1", "*");

        assertThat(text).contains("== f00.txt ==", "[truncated: first 8192 of 10000 bytes shown]",
                " more file(s) not shown]");
        assertThat(text.chars().filter(c -> c == 'q').count())
                .isLessThanOrEqualTo(ArtifactReader.MAX_SUBSCRIPTION_BYTES);
        assertThat(text.length()).isLessThan(ArtifactReader.MAX_SUBSCRIPTION_BYTES + 2_000);
    }

    @Test
    void escapingNames_absentItem_fifoAndLinkedItemDir_nothingRead() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("artifacts"));
        Path item = Files.createDirectories(root.resolve("item-1"));
        Files.writeString(root.resolve("item-2-secret.txt"), "SIBLING");
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "OUTSIDE");
        Path otherDir = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(otherDir.resolve("a.txt"), "ELSEWHERE");
        Files.createSymbolicLink(root.resolve("linked-item"), otherDir);
        new ProcessBuilder("mkfifo", item.resolve("pipe").toString()).start().waitFor();
        ArtifactReader reader = new ArtifactReader(root);

        assertThat(reader.read("item-1", "../item-2-secret.txt")).isNull();
        assertThat(reader.read("item-1", outside.toString())).isNull();
        assertThat(reader.read("item-1", "pipe")).isNull();
        assertThat(reader.read("missing", "*")).isNull();
        assertThat(reader.read("linked-item", "a.txt")).isNull();
        assertThat(reader.read("../outside.txt", "*")).isNull();
    }
}
