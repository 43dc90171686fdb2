package io.silas.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import org.jspecify.annotations.Nullable;

/**
 * The directory rules: {@code sandbox.verify_dir} and {@code sandbox.customer_context_dir} resolve to
 * different canonical paths (and, stricter than required, neither lies inside the other, so verification can
 * never see customer context); the customer-context dir lies inside {@code data_dir} and is not
 * world-writable.
 *
 * <p>Canonical means absolute, normalised, with symbolic links of the longest existing prefix resolved, so a
 * symlink cannot make two different-looking paths the same directory. The permission check applies when the
 * directory exists on a POSIX file system; a directory created later must be created without world write.
 */
final class SandboxPaths {
    private SandboxPaths() {
    }

    static void check(Violations v, Path dataDir, SilasConfig.Sandbox sandbox) {
        Path data = canonical(dataDir);
        Path verify = canonical(sandbox.verifyDir());
        Path customer = canonical(sandbox.customerContextDir());
        if (verify.equals(customer)) {
            v.add("sandbox.customer_context_dir", "must resolve to a different canonical path than sandbox.verify_dir");
        } else if (customer.startsWith(verify) || verify.startsWith(customer)) {
            v.add("sandbox.customer_context_dir", "must not contain or lie inside sandbox.verify_dir");
        }
        if (!customer.startsWith(data) || customer.equals(data)) {
            v.add("sandbox.customer_context_dir", "must lie inside data_dir");
        }
        String permissionProblem = permissionProblem(customer);
        if (permissionProblem != null) {
            v.add("sandbox.customer_context_dir", permissionProblem);
        }
    }

    static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            return absolute;
        }
    }

    private static @Nullable String permissionProblem(Path dir) {
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        if (view == null || !Files.exists(dir)) {
            return null;
        }
        try {
            return view.readAttributes().permissions().contains(PosixFilePermission.OTHERS_WRITE)
                    ? "must not be world-writable" : null;
        } catch (IOException e) {
            return "permissions cannot be read (cannot prove it is not world-writable)";
        }
    }
}
