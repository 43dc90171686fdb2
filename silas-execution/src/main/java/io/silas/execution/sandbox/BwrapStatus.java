package io.silas.execution.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The records bubblewrap writes to {@code --json-status-fd}: one with {@code child-pid} and the namespace
 * inodes once the sandbox is set up, one with {@code exit-code} when the payload ended. Their presence is the
 * proof that the payload ran inside bubblewrap; their absence means an isolation failure.
 *
 * @param childPid       host pid of the sandbox's init, or -1
 * @param netNamespace   inode of the payload's net namespace, or -1
 * @param pidNamespace   inode of the payload's pid namespace, or -1
 * @param exitCode       the payload's exit status, or null when not reported
 */
record BwrapStatus(long childPid, long netNamespace, long pidNamespace, @Nullable Integer exitCode) {

    static BwrapStatus read(Path file) {
        long pid = -1;
        long net = -1;
        long pidNs = -1;
        Integer exit = null;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = Json.mapper().readTree(line);
                if (node.has("child-pid")) {
                    pid = node.path("child-pid").asLong(-1);
                    net = node.path("net-namespace").asLong(-1);
                    pidNs = node.path("pid-namespace").asLong(-1);
                } else if (node.has("exit-code") && node.get("exit-code").canConvertToInt()) {
                    exit = node.get("exit-code").asInt();
                }
            }
        } catch (IOException | RuntimeException e) {
            return new BwrapStatus(pid, net, pidNs, null);
        }
        return new BwrapStatus(pid, net, pidNs, exit);
    }

    /** Whether bubblewrap reported a sandbox whose namespaces differ from the JVM's (net only when isolated). */
    boolean isolatedFrom(HostNamespaces host, boolean netMustDiffer) {
        boolean pidOk = childPid > 0 && pidNamespace > 0 && pidNamespace != host.pid();
        boolean netOk = !netMustDiffer || (netNamespace > 0 && netNamespace != host.net());
        return pidOk && netOk;
    }

    /** The JVM's own namespace inodes. */
    record HostNamespaces(long net, long pid) {
        static HostNamespaces current() {
            return new HostNamespaces(inode("net"), inode("pid"));
        }

        private static long inode(String ns) {
            try {
                String link = Files.readSymbolicLink(Path.of("/proc/self/ns", ns)).toString();
                return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
            } catch (IOException | RuntimeException e) {
                return -2;
            }
        }
    }
}
