package io.silas.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectShellWorkItemExampleTest {
    @TempDir
    Path tmp;

    @Test
    void run_directShellItem_approvedExecutedAndVerified() throws Exception {
        java.nio.file.Files.setPosixFilePermissions(tmp,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        WorkItemResult result = DirectShellWorkItemExample.run(tmp.resolve("data"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(result.status()).as(out).isEqualTo(WorkItemStatus.DONE);
        assertThat(result.artifacts()).containsEntry("greeting.txt", "Hello from the sandbox\n");
        assertThat(out).contains("approved: token").contains("(valid)")
                .contains("progress: running (greeting")
                .contains("result: done")
                .contains("check greeting_exists: passed").contains("check greeting_content: passed")
                .contains("artifact greeting.txt: Hello from the sandbox")
                .contains("chain valid: true");
    }
}
