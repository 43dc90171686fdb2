package io.silas.execution.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the JVM's own process that decide how sandboxes are built (root or rootless). */
final class Hosts {
    private static final int UID = readUid();

    private Hosts() {
    }

    /** The JVM's effective uid, or -1 when {@code /proc/self/status} cannot be read (not Linux). */
    static int uid() {
        return UID;
    }

    /** Whether the JVM runs as root. */
    static boolean root() {
        return UID == 0;
    }

    private static int readUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
