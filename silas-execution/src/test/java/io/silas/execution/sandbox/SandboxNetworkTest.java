package io.silas.execution.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.SilasException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxNetworkTest {
    @Test
    void routes_blockRangesAndHostAddresses_allowedNetworksOpenOnlyWhatTheyName() {
        SandboxNetwork network = SandboxNetwork.defaults().withAllowedNetworks(List.of("192.0.2.2/32", "10.9.0.0/16"));
        List<String> lines = network.routes(List.of("127.0.0.1", "192.0.2.2", "198.51.100.7", "198.51.100.7"))
                .lines().toList();

        assertThat(lines).contains("route add unreachable 169.254.0.0/16", "route add unreachable 10.0.0.0/8",
                "route add unreachable 198.51.100.7/32", "route add 192.0.2.2/32 via 10.0.2.2",
                "route add 10.9.0.0/16 via 10.0.2.2");
        assertThat(lines).doesNotContain("route add unreachable 192.0.2.2/32", "route add unreachable 127.0.0.1/32");
        assertThat(lines).filteredOn(l -> l.contains("198.51.100.7")).hasSize(1);
    }

    @Test
    void contains_masksByPrefix() {
        assertThat(SandboxNetwork.contains("10.9.0.0/16", "10.9.255.1")).isTrue();
        assertThat(SandboxNetwork.contains("10.9.0.0/16", "10.10.0.1")).isFalse();
        assertThat(SandboxNetwork.contains("0.0.0.0/0", "203.0.113.9")).isTrue();
        assertThat(SandboxNetwork.contains("192.0.2.2/32", "192.0.2.3")).isFalse();
    }

    @Test
    void allowedNetworks_loopbackOrMalformed_invalidInput() {
        assertThatThrownBy(() -> SandboxNetwork.defaults().withAllowedNetworks(List.of("127.0.0.1/32")))
                .isInstanceOf(SilasException.class).hasMessageContaining("loopback");
        for (String bad : List.of("10.0.0.0", "10.0.0.0/33", "256.1.1.1/8", "10.0.0.0/8; rm -rf /", "::1/128")) {
            assertThatThrownBy(() -> SandboxNetwork.defaults().withAllowedNetworks(List.of(bad)))
                    .as(bad).isInstanceOf(SilasException.class);
        }
    }
}
