package io.silas.sqlite;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The single-process rule of a {@code silas.db}: an exclusive OS lock on the sibling file {@code silas.db.lock},
 * which holds the owner's process id. Two writers on one file would each keep their own turn counters, so a second
 * {@link SqliteStores#open} (another process, or another bundle in this one) is refused with
 * {@link ErrorCode#STORE_LOCKED} naming the holder. The OS drops the lock when the holder exits, even by
 * {@code kill -9}, so a crash never leaves the database locked; the lock file itself stays. Thread-safe.
 */
final class StoreLock implements AutoCloseable {
    /** Suffix of the lock file next to the database file. */
    static final String SUFFIX = ".lock";

    private static final Set<StandardOpenOption> OPEN_OPTIONS =
            EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);

    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code dbFile}. */
    static Path fileOf(Path dbFile) {
        Path absolute = dbFile.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + SUFFIX);
    }

    /**
     * Takes the lock of {@code dbFile} (creating its directory and lock file if needed) and records this process id.
     *
     * @throws SilasException {@code STORE_LOCKED} when another process or bundle holds it; {@code DB_FAILURE} when the
     *     lock file cannot be created
     */
    static StoreLock acquire(Path dbFile) {
        Path file = fileOf(dbFile);
        FileChannel channel;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, OPEN_OPTIONS, ownerOnly(file.getParent()));
        } catch (IOException e) {
            throw new SilasException(ErrorCode.DB_FAILURE, "cannot open the lock file " + file + ": " + e, e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // another bundle of this process holds it
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new SilasException(ErrorCode.STORE_LOCKED, dbFile.getFileName() + " is in use by process "
                        + holder + " (lock file " + file + "); only one process may open it read-write");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
                    0);
            channel.force(false);
            return new StoreLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SilasException(ErrorCode.DB_FAILURE, "cannot lock " + file + ": " + e, e);
        }
    }

    /** {@code 0600} for a lock file created on a POSIX file system: like the database, it is the owner's alone. */
    private static FileAttribute<?>[] ownerOnly(Path dir) {
        if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) == null) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }

    /** The process id recorded in the lock file, or {@code unknown}. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
        return text.matches("[0-9]{1,19}") ? text : "unknown";
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** Releases the lock. Idempotent. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel below releases it as well
        }
        closeQuietly(channel);
    }
}
