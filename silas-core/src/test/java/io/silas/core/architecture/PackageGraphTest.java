package io.silas.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cycle finder and jdeps parser the architecture tests rely on: they must be able to fail. */
class PackageGraphTest {
    @Test
    void findsEveryLoopAndOnlyLoops() {
        PackageGraph g = PackageGraph.of(Map.of(
                "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"),
                "d", Set.of("e"), "e", Set.of("d"), "f", Set.of("a")));

        assertThat(g.cycles()).containsExactlyInAnyOrder(Set.of("a", "b", "c"), Set.of("d", "e"));
    }

    @Test
    void acyclicGraphAndSelfArrowsHaveNoLoop() {
        PackageGraph g = PackageGraph.of(Map.of("a", Set.of("a", "b", "c"), "b", Set.of("c"), "c", Set.of()));

        assertThat(g.cycles()).isEmpty();
        assertThat(g.arrowCount()).isEqualTo(3);
    }

    @Test
    void longChainClosedAtTheEndIsOneLoop() {
        Map<String, Set<String>> arrows = new java.util.HashMap<>();
        for (int i = 0; i < 5000; i++) {
            arrows.put("p" + i, Set.of("p" + (i + 1)));
        }
        arrows.put("p5000", Set.of("p0"));

        List<Set<String>> cycles = PackageGraph.of(arrows).cycles();

        assertThat(cycles).hasSize(1);
        assertThat(cycles.get(0)).hasSize(5001);
    }

    @Test
    void parsesJdepsPackageArrowsAndIgnoresHeadersAndOtherPackages() {
        String output = String.join("\n",
                "classes -> java.base",
                "classes -> not found",
                "   io.silas.core.approval                             -> io.silas.core.audit                                classes",
                "   io.silas.core.approval                             -> java.time                                          java.base",
                "   io.silas.core.audit                                -> io.silas.core.approval                             classes",
                "   io.silas.gates                                     -> io.silas.execution                                 not found");

        PackageGraph g = PackageGraph.parseJdeps(output, "io.silas");

        assertThat(g.dependenciesOf("io.silas.core.approval")).containsExactly("io.silas.core.audit");
        assertThat(g.cycles()).containsExactly(Set.of("io.silas.core.approval", "io.silas.core.audit"));
        assertThat(g.arrowsLeaving("io.silas.gates", "io.silas.core")).containsExactly(
                "io.silas.gates -> io.silas.execution");
        assertThat(g.arrowsLeaving("io.silas.core", "io.silas.core")).isEmpty();
    }
}
