package io.silas.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.CanonicalJson;
import io.silas.core.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AuditAnchor} in an append-only file: one canonical JSON line {@code {"at","hash","seq","sig"}} per
 * checkpoint, synced before {@link #append} returns. The file (and a missing parent directory) is created owner-only.
 * A last line without its newline is a write cut short by a crash and is ignored; any other unreadable line means
 * the file was changed and fails with {@code AUDIT_CHAIN_BROKEN}.
 */
final class FileAuditAnchor implements AuditAnchor {
    private final Path file;

    FileAuditAnchor(Path file) {
        if (file == null) {
            throw SilasException.invalid("anchor_file", "must not be null");
        }
        this.file = file.toAbsolutePath();
    }

    @Override
    public synchronized void append(AuditCheckpoint signed) {
        if (!signed.signed()) {
            throw SilasException.invalid("checkpoint", "only signed checkpoints are anchored");
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("seq", signed.seq());
        line.put("hash", signed.hash());
        line.put("at", signed.at().toString());
        line.put("sig", signed.signature());
        byte[] bytes = (CanonicalJson.string(Json.tree(line)) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            create();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
        } catch (IOException e) {
            throw new SilasException(ErrorCode.DB_FAILURE, "cannot append to the audit anchor " + file + ": " + e, e);
        }
    }

    @Override
    public synchronized Optional<AuditCheckpoint> newest() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SilasException(ErrorCode.DB_FAILURE, "cannot read the audit anchor " + file + ": " + e, e);
        }
        List<String> lines = text.lines().toList();
        int complete = text.endsWith("\n") ? lines.size() : lines.size() - 1;
        AuditCheckpoint newest = null;
        for (int i = 0; i < complete; i++) {
            AuditCheckpoint cp = parse(lines.get(i), i + 1);
            if (newest == null || cp.seq() >= newest.seq()) {
                newest = cp;
            }
        }
        return Optional.ofNullable(newest);
    }

    private AuditCheckpoint parse(String line, int number) {
        try {
            JsonNode node = Json.mapper().readTree(line);
            long seq = node.get("seq").longValue();
            String hash = node.get("hash").textValue();
            Instant at = Instant.parse(node.get("at").textValue());
            String sig = node.get("sig").textValue();
            if (seq < 0 || hash == null || sig == null) {
                throw new IllegalArgumentException("missing field");
            }
            return new AuditCheckpoint(seq, hash, at, sig);
        } catch (IOException | RuntimeException e) {
            throw new SilasException(ErrorCode.AUDIT_CHAIN_BROKEN,
                    "line " + number + " of the audit anchor " + file + " is not a checkpoint (file changed?)");
        }
    }

    private void create() throws IOException {
        if (Files.exists(file)) {
            return;
        }
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path parent = file.getParent();
        if (parent != null && !Files.exists(parent)) {
            if (posix) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(parent);
            }
        }
        try {
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            // Another process created it first; appending is still correct.
        }
    }
}
