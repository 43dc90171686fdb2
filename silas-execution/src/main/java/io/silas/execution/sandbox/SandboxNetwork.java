package io.silas.execution.sandbox;

import io.silas.core.error.SilasException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How a sandbox with network gets out: its own network namespace, attached to a user-mode TCP/IP stack
 * (slirp4netns) whose gateway cannot reach the host's loopback, with unreachable routes for link-local, private,
 * shared, multicast and reserved IPv4 ranges. Immutable; start from {@link #defaults()}.
 *
 * <p><b>Security guarantees.</b> A run with network never shares the host's network namespace: it cannot
 * reach services on the host's loopback or the host's abstract unix sockets (both are per namespace), nor
 * {@code 169.254.169.254}, any private range or any of the host's own non-loopback addresses, except what the
 * IPv4 networks the host names in {@link #allowedNetworks()} contain. The routes are set by the host before the first run starts, and no run can change
 * them (it has no capabilities). When slirp4netns, nsenter or ip is missing, a sandbox with network fails closed
 * with {@code SANDBOX_ISOLATION_UNAVAILABLE} naming the package. DNS goes to the stack's forwarder
 * ({@value #DNS_SERVER}), which asks the host's resolvers.
 *
 * @param slirp4netnsPath the user-mode stack (Debian/Ubuntu package {@code slirp4netns})
 * @param nsenterPath     util-linux {@code nsenter}, to set the namespace's routes
 * @param ipPath          iproute2 {@code ip}
 * @param allowedNetworks IPv4 networks ({@code a.b.c.d/n}) a run with network may reach although they are private,
 *                        link-local or this host's own addresses (e.g. a proxy on the LAN, or a service the host
 *                        runs for its sandboxes on a non-loopback address); the host's loopback stays unreachable
 */
public record SandboxNetwork(Path slirp4netnsPath, Path nsenterPath, Path ipPath, List<String> allowedNetworks) {
    /** The stack's DNS forwarder, as seen from inside the sandbox. */
    public static final String DNS_SERVER = "10.0.2.3";
    /** The stack's gateway; with host loopback disabled it leads only to the outside. */
    public static final String GATEWAY = "10.0.2.2";
    /** Ranges a run never reaches unless allowed: this host, private, shared, link-local, reserved, multicast. */
    static final List<String> BLOCKED = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4",
            "240.0.0.0/4");
    private static final Pattern CIDR = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
                    + "/(3[0-2]|[12]?[0-9])");

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param slirp4netnsPath the user-mode stack (Debian/Ubuntu package {
     * @param nsenterPath     util-linux {
     * @param ipPath          iproute2 {
     * @param allowedNetworks IPv4 networks ({
     */
    public SandboxNetwork {
        if (slirp4netnsPath == null || nsenterPath == null || ipPath == null) {
            throw SilasException.invalid("sandbox_network", "the slirp4netns, nsenter and ip paths are required");
        }
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        for (String cidr : allowedNetworks) {
            if (cidr == null || !CIDR.matcher(cidr).matches()) {
                throw SilasException.invalid("allowed_networks", "entries must be IPv4 networks like 10.1.2.0/24");
            }
            if (cidr.startsWith("127.")) {
                throw SilasException.invalid("allowed_networks", "the host's loopback cannot be allowed");
            }
        }
    }

    /** {@return the tools looked up in the usual system directories; nothing allowed beyond the public internet} */
    public static SandboxNetwork defaults() {
        return new SandboxNetwork(SubprocessSandboxOptions.find("slirp4netns"), SubprocessSandboxOptions.find("nsenter"),
                SubprocessSandboxOptions.find("ip"), List.of());
    }

    /**
     * {@return a copy with another slirp4netns binary}
     *
     * @param value the new value
     */
    public SandboxNetwork withSlirp4netnsPath(Path value) {
        return new SandboxNetwork(value, nsenterPath, ipPath, allowedNetworks);
    }

    /**
     * {@return a copy that lets runs reach these IPv4 networks although they are private or link-local}
     *
     * @param value the new value
     */
    public SandboxNetwork withAllowedNetworks(List<String> value) {
        return new SandboxNetwork(slirp4netnsPath, nsenterPath, ipPath, value);
    }

    /** Whether the IPv4 network {@code cidr} contains {@code address}. */
    static boolean contains(String cidr, String address) {
        int slash = cidr.indexOf('/');
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(cidr.substring(0, slash)) & mask) == (ipv4(address) & mask);
    }

    private static long ipv4(String dotted) {
        long value = 0;
        for (String part : dotted.split("\\.")) {
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    /** What is missing for a run with network, or null when everything is there. */
    @org.jspecify.annotations.Nullable String missing() {
        if (!java.nio.file.Files.isExecutable(slirp4netnsPath)) {
            return slirp4netnsPath + " is missing (Debian/Ubuntu: apt-get install -y slirp4netns; Fedora: dnf install "
                    + "slirp4netns)";
        }
        if (!java.nio.file.Files.isExecutable(nsenterPath)) {
            return nsenterPath + " is missing (package util-linux)";
        }
        if (!java.nio.file.Files.isExecutable(ipPath)) {
            return ipPath + " is missing (Debian/Ubuntu: apt-get install -y iproute2)";
        }
        return null;
    }

    /**
     * The {@code ip -batch} commands that fence the namespace's routes: the blocked ranges and every IPv4 address
     * of this host that no allowed network names (through the stack, a host address would reach services
     * listening on all interfaces), then the allowed networks.
     */
    String routes(java.util.Collection<String> hostAddresses) {
        StringBuilder batch = new StringBuilder();
        BLOCKED.forEach(cidr -> batch.append("route add unreachable ").append(cidr).append('\n'));
        new java.util.TreeSet<>(hostAddresses).stream()
                .filter(a -> !a.startsWith("127.") && allowedNetworks.stream().noneMatch(n -> contains(n, a)))
                .forEach(a -> batch.append("route add unreachable ").append(a).append("/32\n"));
        allowedNetworks.forEach(cidr -> batch.append("route add ").append(cidr).append(" via ").append(GATEWAY)
                .append('\n'));
        return batch.toString();
    }
}
