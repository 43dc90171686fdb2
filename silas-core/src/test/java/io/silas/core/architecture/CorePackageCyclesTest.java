package io.silas.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.approval.ApprovalEngine;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * silas-core's package structure, measured with jdeps on its built classes: no dependency loop between packages, the
 * approval engine (the smallest trusted part) depends only on the basics below it, core depends on no other Silas
 * module, and every package is {@code @NullMarked}.
 */
class CorePackageCyclesTest {
    private static PackageGraph core;
    private static Path classes;

    @BeforeAll
    static void measure() {
        classes = Jdeps.locationOf(ApprovalEngine.class);
        core = Jdeps.packageGraph(classes);
        assertThat(core.packages()).as("jdeps saw silas-core's packages in %s", classes)
                .contains("io.silas.core.approval", "io.silas.core.stream");
    }

    @Test
    void noPackageCycles() {
        assertThat(core.cycles()).as("package loops in silas-core:\n%s", Jdeps.describe(core.cycles())).isEmpty();
    }

    @Test
    void approvalDependsOnlyOnTrustAuditAndBasics() {
        assertThat(core.dependenciesOf("io.silas.core.approval")).isSubsetOf(Set.of("io.silas.core",
                "io.silas.core.audit", "io.silas.core.config", "io.silas.core.error", "io.silas.core.json",
                "io.silas.core.trust", "io.silas.core.vocabulary"));
    }

    @Test
    void vocabularyDependsOnNothingElse() {
        assertThat(core.dependenciesOf("io.silas.core.vocabulary")).isEmpty();
    }

    @Test
    void coreDependsOnNoOtherModule() {
        assertThat(core.arrowsLeaving("io.silas.core", "io.silas.core")).isEmpty();
    }

    @Test
    void everyPackageIsNullMarked() {
        assertThat(Packages.of(classes)).contains("io.silas.core.approval");
        assertThat(Packages.notNullMarked(classes, ApprovalEngine.class.getClassLoader())).isEmpty();
    }
}
