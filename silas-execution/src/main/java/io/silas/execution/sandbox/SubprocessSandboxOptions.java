package io.silas.execution.sandbox;

import io.silas.core.error.SilasException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Host-level settings of the subprocess sandbox backend: where the helper binaries are, where work dirs
 * live, and which unprivileged uids the sandboxes run as. Immutable; start from {@link #defaults()}.
 *
 * <p><b>Security guarantees.</b> None of these settings can switch isolation off. Pointing
 * {@link #bwrapPath()} at a missing or broken binary makes every {@code create} fail closed with
 * {@code SANDBOX_ISOLATION_UNAVAILABLE}; disabling cgroups only selects the rlimit fallback for the memory and
 * process limits (and fails closed where that fallback cannot enforce them).
 *
 * @param bwrapPath       bubblewrap binary
 * @param prlimitPath     util-linux {@code prlimit}
 * @param setprivPath     util-linux {@code setpriv} (used to drop root to an unprivileged uid)
 * @param shPath          POSIX shell for the fixed cgroup-entry shim (never for payload commands)
 * @param baseDir         parent of the per-sandbox directories; created 0711 if missing; when it exists it must
 *                        be a real directory owned by the JVM user and writable by no one else, otherwise
 *                        {@code create} fails ({@code SANDBOX_FAILURE}) without using it. Its ancestors must be
 *                        traversable by the sandbox uids ({@code o+x}), so keep it out of an owner-only data dir
 * @param sandboxUidBase  first host uid used for sandboxes when the JVM runs as root (one uid per concurrent
 *                        sandbox, never a uid that owns files on the host)
 * @param sandboxUidCount how many uids (and thus concurrent sandboxes) are available
 * @param useCgroups      whether to enforce memory and process limits with cgroups when writable (default
 *                        true); false selects {@code prlimit --as} and uid + {@code prlimit --nproc}
 * @param maxFileSizeBytes largest file a payload may write ({@code RLIMIT_FSIZE})
 * @param maxOpenFiles    open file descriptors per process ({@code RLIMIT_NOFILE})
 * @param perlPath        Perl ({@code perl-base}, Essential on Debian) for the run server of a persistent
 *                        sandbox; when it is not executable, every run gets fresh namespaces through the full
 *                        bubblewrap chain (slower, equally isolated; runs with network need the run server)
 * @param mountPath       util-linux {@code mount} (with {@code umount} next to it), for each sandbox's
 *                        size-limited tmpfs work dir
 * @param network         how runs with network reach the outside ({@link SandboxNetwork})
 * @param acceptMissing   guarantees this host accepts running without when it cannot provide them
 *                        ({@code sandbox.accept_missing}; only {@link SandboxGuarantee#acceptable()} ones; empty by
 *                        default, so a missing guarantee means nothing runs). Every run without one is audited
 *                        ({@code sandbox_weakened_run}) when the manager has an audit log
 * @param poolSize        ready sandboxes kept per shape ({@link #withPoolSize}; default {@value #DEFAULT_POOL_SIZE},
 *                        0 = no pool): built and proven on a background thread, each handed out once and destroyed
 *                        when closed
 */
public record SubprocessSandboxOptions(
        Path bwrapPath,
        Path prlimitPath,
        Path setprivPath,
        Path shPath,
        Path baseDir,
        int sandboxUidBase,
        int sandboxUidCount,
        boolean useCgroups,
        long maxFileSizeBytes,
        int maxOpenFiles,
        Path perlPath,
        Path mountPath,
        SandboxNetwork network,
        Set<SandboxGuarantee> acceptMissing,
        int poolSize) {

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param bwrapPath        bubblewrap binary
     * @param prlimitPath      util-linux {
     * @param setprivPath      util-linux {
     * @param shPath           POSIX shell for the fixed cgroup-entry shim (never for payload commands)
     * @param baseDir          parent of the per-sandbox directories; created 0711 if missing; when it exists it must
     *                         be a real directory owned by the JVM user and writable by no one else, otherwise {
     * @param sandboxUidBase   first host uid used for sandboxes when the JVM runs as root (one uid per concurrent
     *                         sandbox, never a uid that owns files on the host)
     * @param sandboxUidCount  how many uids (and thus concurrent sandboxes) are available
     * @param useCgroups       whether to enforce memory and process limits with cgroups when writable (default true);
     *                         false selects {
     * @param maxFileSizeBytes largest file a payload may write ({
     * @param maxOpenFiles     open file descriptors per process ({
     * @param perlPath         Perl ({
     * @param mountPath        util-linux {
     * @param network          how runs with network reach the outside ({
     * @param acceptMissing    guarantees this host accepts running without when it cannot provide them ({
     * @param poolSize the pool size
     */
    public SubprocessSandboxOptions {
        if (bwrapPath == null || prlimitPath == null || setprivPath == null || shPath == null || baseDir == null
                || perlPath == null || mountPath == null || network == null) {
            throw SilasException.invalid("subprocess_sandbox_options", "binary paths and base_dir are required");
        }
        if (!baseDir.isAbsolute()) {
            throw SilasException.invalid("base_dir", "must be absolute");
        }
        if (sandboxUidBase < 1000 || sandboxUidCount <= 0 || (long) sandboxUidBase + sandboxUidCount > Integer.MAX_VALUE) {
            throw SilasException.invalid("sandbox_uid_base", "uids must be in [1000, 2^31)");
        }
        if (maxFileSizeBytes <= 0 || maxOpenFiles < 16) {
            throw SilasException.invalid("limits", "max_file_size_bytes must be positive, max_open_files >= 16");
        }
        acceptMissing = acceptMissing == null ? Set.of() : Set.copyOf(acceptMissing);
        if (poolSize < 0 || poolSize > MAX_POOL_SIZE) {
            throw SilasException.invalid("sandbox.pool_size", "must be in [0, " + MAX_POOL_SIZE + "]");
        }
        for (SandboxGuarantee g : acceptMissing) {
            if (!g.acceptable()) {
                throw SilasException.invalid("sandbox.accept_missing", g.configName() + " can never be accepted as missing");
            }
        }
    }

    /**
     * Defaults: binaries looked up in {@code /usr/bin}, {@code /usr/local/bin}, {@code /bin}; base dir
     * {@code <java.io.tmpdir>/silas-sandboxes-<random>} (a new unpredictable name per call, so no other user can
     * create it first); 2^24 uids from 1,900,000,000 (each manager starts at a random
     * offset, so managers in different JVMs on one host almost never share a uid); cgroups on; 1 GiB files;
     * 1024 fds; perl and mount looked up like the binaries; {@link SandboxNetwork#defaults()}.
     *
     * @return the subprocess sandbox options
     */
    public static SubprocessSandboxOptions defaults() {
        return new SubprocessSandboxOptions(find("bwrap"), find("prlimit"), find("setpriv"), Path.of("/bin/sh"),
                Path.of(System.getProperty("java.io.tmpdir"), "silas-sandboxes-"
                        + io.silas.core.IdGenerator.randomHex128().substring(0, 24)), 1_900_000_000, 1 << 24, true,
                1L << 30, 1024, find("perl"), find("mount"), SandboxNetwork.defaults(), Set.of(), DEFAULT_POOL_SIZE);
    }

    /** Ready sandboxes kept per shape when nothing else is configured. */
    public static final int DEFAULT_POOL_SIZE = 0;
    /** The most ready sandboxes a pool may keep per shape. */
    public static final int MAX_POOL_SIZE = 16;

    /**
     * Options with the {@link #DEFAULT_POOL_SIZE default pool size}.
     *
     * @param bwrapPath bubblewrap binary
     * @param prlimitPath util-linux {@code prlimit}
     * @param setprivPath util-linux {@code setpriv} (used to drop root to an unprivileged uid)
     * @param shPath POSIX shell for the fixed cgroup-entry shim (never for payload commands)
     * @param baseDir the base dir
     * @param sandboxUidBase the sandbox uid base
     * @param sandboxUidCount how many uids (and thus concurrent sandboxes) are available
     * @param useCgroups the use cgroups
     * @param maxFileSizeBytes largest file a payload may write ({@code RLIMIT_FSIZE})
     * @param maxOpenFiles open file descriptors per process ({@code RLIMIT_NOFILE})
     * @param perlPath the perl path
     * @param mountPath util-linux {@code mount} (with {@code umount} next to it), for each sandbox's size-limited tmpfs work dir
     * @param network how runs with network reach the outside ({@link SandboxNetwork})
     * @param acceptMissing the accept missing
     */
    public SubprocessSandboxOptions(Path bwrapPath, Path prlimitPath, Path setprivPath, Path shPath, Path baseDir,
                                    int sandboxUidBase, int sandboxUidCount, boolean useCgroups,
                                    long maxFileSizeBytes, int maxOpenFiles, Path perlPath, Path mountPath,
                                    SandboxNetwork network, Set<SandboxGuarantee> acceptMissing) {
        this(bwrapPath, prlimitPath, setprivPath, shPath, baseDir, sandboxUidBase, sandboxUidCount, useCgroups,
                maxFileSizeBytes, maxOpenFiles, perlPath, mountPath, network, acceptMissing, DEFAULT_POOL_SIZE);
    }

    /**
     * {@return how many ready sandboxes the manager keeps per shape (a config without its artifacts dir), built in the
     * background so that {@code create} only hands one out; 0 builds every sandbox at {@code create}}
     *
     * @param value the new value
     */
    public SubprocessSandboxOptions withPoolSize(int value) {
        return new SubprocessSandboxOptions(bwrapPath, prlimitPath, setprivPath, shPath, baseDir, sandboxUidBase,
                sandboxUidCount, useCgroups, maxFileSizeBytes, maxOpenFiles, perlPath, mountPath, network,
                acceptMissing, value);
    }

    /**
     * util-linux {@code umount}, next to {@link #mountPath()}.
     *
     * @return the absolute path of the tool
     */
    public Path umountPath() {
        return mountPath.resolveSibling("umount");
    }

    /**
     * {@return how runs with network reach the outside (for example, with networks a host allows)}
     *
     * @param value the new value
     */
    public SubprocessSandboxOptions withNetwork(SandboxNetwork value) {
        return new SubprocessSandboxOptions(bwrapPath, prlimitPath, setprivPath, shPath, baseDir, sandboxUidBase,
                sandboxUidCount, useCgroups, maxFileSizeBytes, maxOpenFiles, perlPath, mountPath, value, acceptMissing, poolSize);
    }

    /**
     * coreutils {@code sleep}, next to {@link #setprivPath()}, for the init of a persistent sandbox.
     *
     * @return the absolute path of the tool
     */
    public Path sleepPath() {
        return setprivPath.resolveSibling("sleep");
    }

    /**
     * {@return a copy with bwrap path replaced}
     *
     * @param value the new value
     */
    public SubprocessSandboxOptions withBwrapPath(Path value) {
        return new SubprocessSandboxOptions(value, prlimitPath, setprivPath, shPath, baseDir, sandboxUidBase,
                sandboxUidCount, useCgroups, maxFileSizeBytes, maxOpenFiles, perlPath, mountPath, network, acceptMissing, poolSize);
    }

    /**
     * {@return a copy with base dir replaced}
     *
     * @param value the new value
     */
    public SubprocessSandboxOptions withBaseDir(Path value) {
        return new SubprocessSandboxOptions(bwrapPath, prlimitPath, setprivPath, shPath, value, sandboxUidBase,
                sandboxUidCount, useCgroups, maxFileSizeBytes, maxOpenFiles, perlPath, mountPath, network, acceptMissing, poolSize);
    }

    /**
     * {@return a copy with sandbox uids replaced}
     *
     * @param base the base
     * @param count the count
     */
    public SubprocessSandboxOptions withSandboxUids(int base, int count) {
        return new SubprocessSandboxOptions(bwrapPath, prlimitPath, setprivPath, shPath, baseDir, base, count,
                useCgroups, maxFileSizeBytes, maxOpenFiles, perlPath, mountPath, network, acceptMissing, poolSize);
    }

    /**
     * {@return a copy with use cgroups replaced}
     *
     * @param value the new value
     */
    public SubprocessSandboxOptions withUseCgroups(boolean value) {
        return new SubprocessSandboxOptions(bwrapPath, prlimitPath, setprivPath, shPath, baseDir, sandboxUidBase,
                sandboxUidCount, value, maxFileSizeBytes, maxOpenFiles, perlPath, mountPath, network, acceptMissing, poolSize);
    }

    /**
     * {@return where the run server's Perl is; a missing one selects fresh namespaces per run (see {@link #perlPath()})}
     *
     * @param value the new value
     */
    public SubprocessSandboxOptions withPerlPath(Path value) {
        return new SubprocessSandboxOptions(bwrapPath, prlimitPath, setprivPath, shPath, baseDir, sandboxUidBase,
                sandboxUidCount, useCgroups, maxFileSizeBytes, maxOpenFiles, value, mountPath, network, acceptMissing, poolSize);
    }

    /**
     * {@return a copy that accepts running without these guarantees when the host cannot provide them (audited)}
     *
     * @param value the new value
     */
    public SubprocessSandboxOptions withAcceptMissing(Set<SandboxGuarantee> value) {
        return new SubprocessSandboxOptions(bwrapPath, prlimitPath, setprivPath, shPath, baseDir, sandboxUidBase,
                sandboxUidCount, useCgroups, maxFileSizeBytes, maxOpenFiles, perlPath, mountPath, network, value, poolSize);
    }

    /**
     * A copy accepting the guarantees named in config ({@code sandbox.accept_missing}, e.g. {@code pid_limit}).
     *
     * @param names the names
     * @return the subprocess sandbox options
     * @throws SilasException {@code INVALID_INPUT} for an unknown name or one that can never be accepted
     */
    public SubprocessSandboxOptions withAcceptMissingNames(java.util.Collection<String> names) {
        Set<SandboxGuarantee> accepted = new java.util.HashSet<>();
        for (String name : names) {
            accepted.add(SandboxGuarantee.acceptedByName(name));
        }
        return withAcceptMissing(accepted);
    }

    /**
     * util-linux {@code unshare}, next to {@link #setprivPath()}, for a rootless sandbox's work dir namespaces.
     *
     * @return the absolute path of the tool
     */
    public Path unsharePath() {
        return setprivPath.resolveSibling("unshare");
    }

    static Path find(String binary) {
        for (String dir : new String[] {"/usr/bin", "/usr/local/bin", "/bin", "/usr/sbin", "/sbin"}) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return Path.of("/usr/bin", binary);
    }
}
