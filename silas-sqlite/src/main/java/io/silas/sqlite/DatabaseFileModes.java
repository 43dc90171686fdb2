package io.silas.sqlite;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Makes {@code silas.db} and its {@code -wal} / {@code -shm} companions owner-only ({@code 0600}) before SQLite opens
 * them. SQLite creates the WAL and shared-memory files with the mode of the database file, so creating the database
 * file {@code 0600} first covers the files SQLite adds later; files left {@code 0644} by an older SDK are tightened.
 *
 * <p><b>Security guarantees.</b> On a POSIX file system no file of the database is readable or writable by another
 * local user once {@link #ownerOnly} returned; a mode that cannot be set fails the open ({@code DB_FAILURE}) rather
 * than leaving the file readable. On a non-POSIX file system (Windows) the platform's ACLs apply unchanged.
 */
final class DatabaseFileModes {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final String[] SUFFIXES = {"", "-wal", "-shm", "-journal", StoreLock.SUFFIX};

    private DatabaseFileModes() {
    }

    /** Creates the database file {@code 0600} if it is missing and sets {@code 0600} on it and its companions. */
    static void ownerOnly(Path dbFile) {
        if (Files.getFileAttributeView(dbFile.getParent(), PosixFileAttributeView.class) == null) {
            return;
        }
        try {
            try {
                Files.createFile(dbFile, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException exists) {
                // An existing database keeps its content; only its mode is tightened below.
            }
            for (String suffix : SUFFIXES) {
                Path file = dbFile.resolveSibling(dbFile.getFileName() + suffix);
                if (Files.exists(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                    Files.setPosixFilePermissions(file, OWNER_ONLY);
                }
            }
        } catch (IOException e) {
            throw new SilasException(ErrorCode.DB_FAILURE, "cannot make " + dbFile + " owner-only (0600): " + e, e);
        }
    }
}
