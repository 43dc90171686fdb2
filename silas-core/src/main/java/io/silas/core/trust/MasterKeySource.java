package io.silas.core.trust;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Where the encrypted secret store's 32-byte AES-256 master key comes from: an environment variable or a key
 * file, both holding the key as base64 (standard or URL alphabet, padding optional) or as 64 hex digits.
 * Surrounding whitespace is ignored.
 *
 * <p><b>Security guarantees.</b> The key is read only when the store opens, held in a {@code byte[]} that is
 * wiped once the cipher is built, and never logged or put into an exception message (messages name the
 * variable or the file, never its content). A key file must be a regular file with mode 0600 or stricter (no
 * group or other bits, no execute bit); anything looser fails with {@code SECRET_STORE_FAILURE} saying so. The
 * store refuses a key file inside its own data dir, so a copy of the data dir alone never decrypts it.
 * Immutable and thread-safe.
 */
public final class MasterKeySource {
    /** Length of the master key in bytes (AES-256). */
    public static final int KEY_BYTES = 32;

    private static final Set<PosixFilePermission> ALLOWED_FILE_BITS =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final String description;
    private final @Nullable Path keyFile;
    private final Supplier<byte[]> loader;

    private MasterKeySource(String description, @Nullable Path keyFile, Supplier<byte[]> loader) {
        this.description = description;
        this.keyFile = keyFile;
        this.loader = loader;
    }

    /**
     * {@return the key from environment variable {@code variable} of this process}
     *
     * @param variable the variable
     */
    public static MasterKeySource fromEnv(String variable) {
        return fromEnv(variable, System.getenv());
    }

    /**
     * {@return the key from {@code environment.get(variable)} (lets a host or test supply its own environment map)}
     *
     * @param variable the variable
     * @param environment the environment
     */
    public static MasterKeySource fromEnv(String variable, Map<String, String> environment) {
        if (variable == null || variable.isBlank()) {
            throw SilasException.invalid("variable", "must name an environment variable");
        }
        Map<String, String> env = Map.copyOf(environment);
        String description = "environment variable " + variable;
        return new MasterKeySource(description, null, () -> {
            String encoded = env.get(variable);
            if (encoded == null || encoded.isBlank()) {
                throw failure("master key missing: " + description + " is not set");
            }
            char[] chars = encoded.strip().toCharArray();
            try {
                return decode(chars, description);
            } finally {
                Arrays.fill(chars, '\0');
            }
        });
    }

    /**
     * {@return the key from a file with mode 0600 or stricter}
     *
     * @param keyFile the key file
     */
    public static MasterKeySource fromFile(Path keyFile) {
        if (keyFile == null) {
            throw SilasException.invalid("keyFile", "must not be null");
        }
        Path file = keyFile.toAbsolutePath().normalize();
        String description = "key file " + file;
        return new MasterKeySource(description, file, () -> readKeyFile(file, description));
    }

    /**
     * Generates a new random master key into a new file with mode 0600 (parent directories are created with
     * mode 0700). Refuses to overwrite an existing file.
     *
     * @param keyFile the key file
     * @return the absolute path of the key file
     * @throws SilasException {@code SECRET_STORE_FAILURE} if the file exists or cannot be written
     */
    public static Path generateKeyFile(Path keyFile) {
        Path file = keyFile.toAbsolutePath().normalize();
        byte[] key = new byte[KEY_BYTES];
        byte[] encoded = null;
        try {
            Path parent = file.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(ALLOWED_FILE_BITS));
            new SecureRandom().nextBytes(key);
            encoded = Base64.getEncoder().encode(key);
            byte[] line = Arrays.copyOf(encoded, encoded.length + 1);
            line[encoded.length] = '\n';
            Files.write(file, line);
            Arrays.fill(line, (byte) 0);
            return file;
        } catch (FileAlreadyExistsException e) {
            throw failure("master key file " + file + " already exists; refusing to overwrite it");
        } catch (IOException | UnsupportedOperationException e) {
            throw new SilasException(ErrorCode.SECRET_STORE_FAILURE,
                    "cannot create master key file " + file + ": " + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
            if (encoded != null) {
                Arrays.fill(encoded, (byte) 0);
            }
        }
    }

    /** Says where the key comes from (never the key itself). */
    @Override
    public String toString() {
        return "MasterKeySource[" + description + "]";
    }

    /** The key file, if the key comes from one. */
    @Nullable Path keyFile() {
        return keyFile;
    }

    String description() {
        return description;
    }

    /** Loads the 32 key bytes; the caller must wipe them. */
    byte[] load() {
        return loader.get();
    }

    private static byte[] readKeyFile(Path file, String description) {
        try {
            if (!Files.isRegularFile(file)) {
                if (Files.exists(file)) {
                    throw failure("master key " + description + " is not a regular file");
                }
                throw failure("master key missing: " + description + " does not exist (create one with "
                        + "MasterKeySource.generateKeyFile)");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!ALLOWED_FILE_BITS.containsAll(perms)) {
                throw failure("master key " + description + " has mode " + octal(perms)
                        + "; it must be 0600 or stricter (run: chmod 600 " + file + ")");
            }
            byte[] raw = Files.readAllBytes(file);
            char[] chars = new char[raw.length];
            for (int i = 0; i < raw.length; i++) {
                chars[i] = (char) (raw[i] & 0xff);
            }
            Arrays.fill(raw, (byte) 0);
            try {
                return decode(strip(chars), description);
            } finally {
                Arrays.fill(chars, '\0');
            }
        } catch (NoSuchFileException e) {
            throw failure("master key missing: " + description + " does not exist");
        } catch (UnsupportedOperationException e) {
            throw failure("cannot check the permissions of master key " + description
                    + " on a non-POSIX file system; supply the key through an environment variable instead");
        } catch (IOException e) {
            throw new SilasException(ErrorCode.SECRET_STORE_FAILURE,
                    "cannot read master key " + description + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static char[] strip(char[] chars) {
        int from = 0;
        int to = chars.length;
        while (from < to && Character.isWhitespace(chars[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(chars[to - 1])) {
            to--;
        }
        return Arrays.copyOfRange(chars, from, to);
    }

    private static byte[] decode(char[] chars, String description) {
        byte[] key = null;
        if (chars.length == 2 * KEY_BYTES && isHex(chars)) {
            key = new byte[KEY_BYTES];
            for (int i = 0; i < KEY_BYTES; i++) {
                key[i] = (byte) (Character.digit(chars[2 * i], 16) << 4 | Character.digit(chars[2 * i + 1], 16));
            }
        } else {
            byte[] ascii = new byte[chars.length];
            for (int i = 0; i < chars.length; i++) {
                ascii[i] = chars[i] < 0x80 ? (byte) chars[i] : (byte) '?';
            }
            try {
                key = decodeBase64(ascii);
            } finally {
                Arrays.fill(ascii, (byte) 0);
            }
        }
        if (key == null || key.length != KEY_BYTES) {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
            throw failure("master key from " + description + " is malformed: expected " + KEY_BYTES
                    + " bytes encoded as base64 or 64 hex digits");
        }
        return key;
    }

    private static byte @Nullable [] decodeBase64(byte[] ascii) {
        boolean url = false;
        for (byte b : ascii) {
            if (b == '-' || b == '_') {
                url = true;
                break;
            }
        }
        try {
            return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(ascii);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isHex(char[] chars) {
        for (char c : chars) {
            if (Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", mode);
    }

    private static SilasException failure(String message) {
        return new SilasException(ErrorCode.SECRET_STORE_FAILURE, message);
    }
}
