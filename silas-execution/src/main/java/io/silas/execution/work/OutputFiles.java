package io.silas.execution.work;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collects the files a finished run left in its sandbox work dir as the result's artifacts (relative path with
 * {@code /} → UTF-8 content), before the work dir is deleted.
 *
 * <p>Only regular files are read, opened without following symlinks, and directories are walked without following
 * links, so a payload cannot make the host read a file outside its work dir (the payload's processes are dead by
 * the time this runs, so nothing changes underneath). Files that are not valid UTF-8, larger than
 * {@value #MAX_FILE_BYTES} bytes, beyond {@value #MAX_FILES} files or {@value #MAX_TOTAL_BYTES} bytes in total, the
 * inline-script file, and input artifacts left unchanged are skipped; the number skipped is reported.
 */
final class OutputFiles {
    static final int MAX_FILES = 256;
    static final int MAX_FILE_BYTES = 1 << 20;
    static final int MAX_TOTAL_BYTES = 8 << 20;

    private OutputFiles() {
    }

    /** The collected files and how many were skipped. */
    record Collected(Map<String, String> files, int skipped) {
    }

    static Collected collect(Path workDir, Map<String, String> inputs, Set<String> excluded) {
        Map<String, String> files = new TreeMap<>();
        int[] skipped = {0};
        long[] total = {0};
        try {
            Files.walkFileTree(workDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = relativeName(workDir, file);
                    if (!attrs.isRegularFile() || excluded.contains(name)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String content = attrs.size() > MAX_FILE_BYTES || files.size() >= MAX_FILES
                            || total[0] + attrs.size() > MAX_TOTAL_BYTES ? null : readUtf8(file);
                    if (content == null) {
                        skipped[0]++;
                    } else if (!content.equals(inputs.get(name))) {
                        files.put(name, content);
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    skipped[0]++;
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new SilasException(ErrorCode.SANDBOX_FAILURE, "cannot read the sandbox output files", e);
        }
        return new Collected(files, skipped[0]);
    }

    private static String relativeName(Path workDir, Path file) {
        return workDir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static String readUtf8(Path file) {
        try (SeekableByteChannel channel = Files.newByteChannel(file, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            if (channel.size() > MAX_FILE_BYTES) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // Keep reading until the file (as sized) is in the buffer.
            }
            buffer.flip();
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(buffer).toString();
        } catch (CharacterCodingException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
