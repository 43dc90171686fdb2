package io.silas.execution.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup probing logic on the mount tables of hosts this machine is not (it mounts cgroup v1 and its memory
 * and pids controllers are bound there, so a cgroup2 hierarchy mounted in a private mount namespace offers
 * neither): a systemd service with {@code Delegate=yes} and a container with its own cgroup namespace, both
 * cgroup v2. The directories are plain dirs standing in for the cgroup fs.
 */
class CgroupsProbeTest {
    @TempDir
    Path fs;

    private static String mount(String root, Path mountPoint, String type, String superOptions) {
        return "35 24 0:30 " + root + " " + mountPoint + " rw,nosuid,nodev,noexec,relatime shared:9 - " + type + " "
                + type + " " + superOptions;
    }

    @Test
    void systemdDelegatedSubtree_isTheParentOfEverySandboxCgroup() throws IOException {
        Path unified = Files.createDirectories(fs.resolve("unified"));
        Path service = Files.createDirectories(unified.resolve("system.slice/silas.service"));
        Cgroups cgroups = Cgroups.detect(List.of(mount("/", unified, "cgroup2", "rw,nsdelegate")),
                List.of("0::/system.slice/silas.service"));
        assertThat(cgroups.hasMemory()).isTrue();
        assertThat(cgroups.hasPids()).isTrue();
        assertThat(cgroups.describe()).isEqualTo("cgroup v2 memory " + service + ", pids " + service);
    }

    @Test
    void containerCgroupNamespace_ownCgroupIsTheMountRoot() throws IOException {
        Path unified = Files.createDirectories(fs.resolve("sys-fs-cgroup"));
        Cgroups cgroups = Cgroups.detect(List.of(mount("/", unified, "cgroup2", "rw")), List.of("0::/"));
        assertThat(cgroups.describe()).isEqualTo("cgroup v2 memory " + unified + ", pids " + unified);
    }

    @Test
    void delegatedDirWithoutMemoryAndPidsControllers_givesNoCgroupNeverAnUnlimitedOne() throws IOException {
        Path unified = Files.createDirectories(fs.resolve("unified"));
        Files.createDirectories(unified.resolve("user.slice/app"));
        Cgroups cgroups = Cgroups.detect(List.of(mount("/", unified, "cgroup2", "rw")), List.of("0::/user.slice/app"));
        // A real delegated child has memory.max and pids.max; this one (like a subtree whose controllers were not
        // enabled in cgroup.subtree_control) does not: no sandbox cgroup, the caller falls back or fails closed.
        assertThat(cgroups.create("silas-sbx-1", 64L << 20, 16)).isEmpty();
        assertThat(unified.resolve("user.slice/app/silas-sbx-1")).doesNotExist();
    }

    @Test
    void cgroupV1MemoryAndPids_winOverTheUnifiedHierarchy() throws IOException {
        Path memory = Files.createDirectories(fs.resolve("memory"));
        Path pids = Files.createDirectories(fs.resolve("pids"));
        Path unified = Files.createDirectories(fs.resolve("unified"));
        Cgroups cgroups = Cgroups.detect(List.of(mount("/", memory, "cgroup", "rw,memory"),
                        mount("/", pids, "cgroup", "rw,pids"), mount("/", unified, "cgroup2", "rw")),
                List.of("8:pids:/", "4:memory:/", "0::/"));
        assertThat(cgroups.describe()).isEqualTo("cgroup v1 memory " + memory + ", pids " + pids);
    }

    @Test
    void noCgroupFilesystem_noCgroups() {
        Cgroups cgroups = Cgroups.detect(List.of(mount("/", fs, "ext4", "rw")), List.of("0::/"));
        assertThat(cgroups.hasMemory()).isFalse();
        assertThat(cgroups.hasPids()).isFalse();
    }
}
