package io.silas.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.trust.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditAnchorTest {
    private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");
    private final AuditSeal seal = AuditSeal.of(SigningKeys.generate(), AuditAnchor.inMemory(), 1);

    @TempDir
    Path dir;

    @Test
    void append_createsOwnerOnlyFileAndSurvivesReopen() throws Exception {
        Path file = dir.resolve("keys/audit-anchor.jsonl");
        AuditCheckpoint first = seal.sign(10, "aa".repeat(32), T0);
        AuditCheckpoint second = seal.sign(20, "bb".repeat(32), T0.plusSeconds(1));

        AuditAnchor.file(file).append(first);
        AuditAnchor.file(file).append(second);

        assertThat(AuditAnchor.file(file).newest()).contains(second);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void newest_isTheHighestSequenceNotTheLastLine() {
        AuditAnchor anchor = AuditAnchor.file(dir.resolve("a.jsonl"));
        AuditCheckpoint high = seal.sign(20, "bb".repeat(32), T0);
        anchor.append(high);
        anchor.append(seal.sign(10, "aa".repeat(32), T0));

        assertThat(anchor.newest()).contains(high);
    }

    @Test
    void newest_tornLastLineIgnored_changedLineFails() throws Exception {
        Path file = dir.resolve("a.jsonl");
        AuditAnchor anchor = AuditAnchor.file(file);
        AuditCheckpoint cp = seal.sign(5, "aa".repeat(32), T0);
        anchor.append(cp);
        Files.writeString(file, "{\"at\":\"2026", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(anchor.newest()).contains(cp);

        Files.writeString(file, "garbage\n" + Files.readString(file) + "\n", StandardCharsets.UTF_8);
        assertThatThrownBy(anchor::newest).isInstanceOfSatisfying(SilasException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.AUDIT_CHAIN_BROKEN));
    }

    @Test
    void append_unsigned_refused() {
        assertThatThrownBy(() -> AuditAnchor.file(dir.resolve("a.jsonl")).append(new AuditCheckpoint(1, "aa", T0)))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void newest_missingFile_empty() {
        assertThat(AuditAnchor.file(dir.resolve("none.jsonl")).newest()).isEmpty();
    }
}
