package io.silas.core.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.ConfigurationV0;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link SecretStore}: one JSON file {@code secrets.enc.json} in the data dir holding, per ref, the
 * AES-256-GCM ciphertext (Tink AEAD) of the value with {@code "silas-secret-store:entry:v1:" + ref} as
 * associated data, plus a key-check ciphertext that tells a wrong master key apart from a damaged entry.
 *
 * <p>Every change rewrites the whole file through a temp file (mode 0600) in the same directory, forced to disk
 * and moved atomically over the old one, so a crash leaves either the old or the new file. Refs are stored in
 * clear (they are opaque ids); values never are. One process owns the file: two processes writing the same
 * store would lose each other's updates. Methods are synchronized.
 */
final class EncryptedFileSecretStore implements SecretStore {
    static final String FILE_NAME = "secrets.enc.json";
    private static final String FORMAT = "silas-secret-store";
    private static final int VERSION = 1;
    private static final byte[] KEY_CHECK_PLAINTEXT = "silas-secret-store key check v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY_CHECK_AD = "silas-secret-store:key-check:v1".getBytes(StandardCharsets.UTF_8);
    private static final String ENTRY_AD_PREFIX = "silas-secret-store:entry:v1:";
    private static final Set<PosixFilePermission> FILE_MODE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Logger LOG = LoggerFactory.getLogger(EncryptedFileSecretStore.class);

    private final Path file;
    private final Aead aead;
    private final String keyCheck;
    private Map<String, String> entries;

    private EncryptedFileSecretStore(Path file, Aead aead, String keyCheck, Map<String, String> entries) {
        this.file = file;
        this.aead = aead;
        this.keyCheck = keyCheck;
        this.entries = entries;
    }

    /** JSON shape of the store file. */
    record StoreFile(String format, int version, String keyCheck, Map<String, String> entries) {
    }

    static EncryptedFileSecretStore open(Path dataDir, MasterKeySource masterKey) {
        if (dataDir == null || masterKey == null) {
            throw new SilasException(ErrorCode.SECRET_STORE_FAILURE, "secret store needs a data dir and a master key source");
        }
        Path dir = createDataDir(dataDir.toAbsolutePath().normalize());
        requireKeyOutside(dir, masterKey);
        Aead aead = aeadFrom(masterKey);
        Path file = dir.resolve(FILE_NAME);
        EncryptedFileSecretStore store;
        if (Files.exists(file)) {
            StoreFile stored = read(file);
            checkKey(aead, stored.keyCheck(), file);
            store = new EncryptedFileSecretStore(file, aead, stored.keyCheck(), new TreeMap<>(stored.entries()));
            tightenMode(file);
        } else {
            store = new EncryptedFileSecretStore(file, aead, newKeyCheck(aead), new TreeMap<>());
            store.write(store.entries);
        }
        LOG.info("Opened encrypted secret store {} ({} entries)", file, store.entries.size());
        return store;
    }

    @Override
    public synchronized void put(String ref, SecretValue value) {
        SecretStore.requireValidRef(ref);
        if (value == null) {
            throw SilasException.invalid("value", "must not be null");
        }
        byte[] plaintext = value.revealUtf8();
        try {
            byte[] ciphertext = aead.encrypt(plaintext, entryAd(ref));
            Map<String, String> next = new TreeMap<>(entries);
            next.put(ref, Base64.getEncoder().encodeToString(ciphertext));
            write(next);
            entries = next;
        } catch (GeneralSecurityException e) {
            throw new SilasException(ErrorCode.SECRET_STORE_FAILURE, "cannot encrypt secret '" + ref + "'", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public synchronized Optional<SecretValue> get(String ref) {
        SecretStore.requireValidRef(ref);
        String encoded = entries.get(ref);
        if (encoded == null) {
            return Optional.empty();
        }
        byte[] plaintext = null;
        try {
            plaintext = aead.decrypt(Base64.getDecoder().decode(encoded), entryAd(ref));
            return Optional.of(SecretValue.copyOfUtf8(plaintext));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SilasException(ErrorCode.SECRET_STORE_FAILURE, "secret '" + ref + "' in " + file
                    + " failed authentication: the entry was tampered with or copied from another ref");
        } finally {
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    @Override
    public synchronized boolean delete(String ref) {
        SecretStore.requireValidRef(ref);
        if (!entries.containsKey(ref)) {
            return false;
        }
        Map<String, String> next = new TreeMap<>(entries);
        next.remove(ref);
        write(next);
        entries = next;
        return true;
    }

    @Override
    public synchronized boolean contains(String ref) {
        SecretStore.requireValidRef(ref);
        return entries.containsKey(ref);
    }

    @Override
    public String toString() {
        return "EncryptedFileSecretStore[" + file + "]";
    }

    private void write(Map<String, String> next) {
        Path temp = null;
        try {
            byte[] bytes = Json.mapper().writeValueAsBytes(new StoreFile(FORMAT, VERSION, keyCheck, next));
            temp = Files.createTempFile(file.getParent(), ".secrets-", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (JsonProcessingException e) {
            throw new SilasException(ErrorCode.SECRET_STORE_FAILURE, "cannot serialise secret store " + file, e);
        } catch (IOException | UnsupportedOperationException e) {
            throw new SilasException(ErrorCode.SECRET_STORE_FAILURE,
                    "cannot write secret store " + file + ": " + e.getClass().getSimpleName(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.warn("Could not remove temp file {} of secret store", temp);
                }
            }
        }
    }

    private static Path createDataDir(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return dir.toRealPath();
        } catch (IOException | UnsupportedOperationException e) {
            throw new SilasException(ErrorCode.SECRET_STORE_FAILURE,
                    "cannot create secret store data dir " + dir + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static void requireKeyOutside(Path realDataDir, MasterKeySource masterKey) {
        Path keyFile = masterKey.keyFile();
        if (keyFile == null) {
            return;
        }
        Path resolved = keyFile;
        try {
            resolved = keyFile.toRealPath();
        } catch (IOException e) {
            resolved = keyFile.toAbsolutePath().normalize();
        }
        if (resolved.startsWith(realDataDir)) {
            throw new SilasException(ErrorCode.SECRET_STORE_FAILURE, "master key " + masterKey.description()
                    + " lies inside the secret store data dir " + realDataDir + "; keep it outside the data dir");
        }
    }

    private static Aead aeadFrom(MasterKeySource masterKey) {
        byte[] key = masterKey.load();
        try {
            AesGcmParameters parameters = AesGcmParameters.builder()
                    .setKeySizeBytes(MasterKeySource.KEY_BYTES)
                    .setIvSizeBytes(12)
                    .setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX)
                    .build();
            AesGcmKey aesKey = AesGcmKey.builder()
                    .setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()))
                    .build();
            KeysetHandle handle = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(aesKey).withRandomId().makePrimary())
                    .build();
            return handle.getPrimitive(ConfigurationV0.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new SilasException(ErrorCode.SECRET_STORE_FAILURE,
                    "cannot build the AES-256-GCM cipher from master key " + masterKey.description(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static String newKeyCheck(Aead aead) {
        try {
            return Base64.getEncoder().encodeToString(aead.encrypt(KEY_CHECK_PLAINTEXT, KEY_CHECK_AD));
        } catch (GeneralSecurityException e) {
            throw new SilasException(ErrorCode.SECRET_STORE_FAILURE, "cannot initialise secret store key check", e);
        }
    }

    private static void checkKey(Aead aead, String keyCheck, Path file) {
        try {
            byte[] plain = aead.decrypt(Base64.getDecoder().decode(keyCheck), KEY_CHECK_AD);
            if (Arrays.equals(plain, KEY_CHECK_PLAINTEXT)) {
                return;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Falls through to the uniform error: wrong key and damaged key check look the same.
        }
        throw new SilasException(ErrorCode.SECRET_STORE_FAILURE, "master key does not match this secret store ("
                + file + "): use the master key it was created with");
    }

    private static StoreFile read(Path file) {
        StoreFile stored;
        try {
            stored = Json.strictMapper().readValue(Files.readAllBytes(file), StoreFile.class);
        } catch (IOException e) {
            throw new SilasException(ErrorCode.SECRET_STORE_FAILURE,
                    "secret store " + file + " is unreadable or not a secret store file");
        }
        if (stored == null || !FORMAT.equals(stored.format()) || stored.version() != VERSION
                || stored.keyCheck() == null || stored.entries() == null) {
            throw new SilasException(ErrorCode.SECRET_STORE_FAILURE,
                    "secret store " + file + " has an unknown format or version");
        }
        return stored;
    }

    private static void tightenMode(Path file) {
        try {
            if (!FILE_MODE.containsAll(Files.getPosixFilePermissions(file))) {
                LOG.warn("Secret store {} had loose permissions; setting mode 0600", file);
                Files.setPosixFilePermissions(file, FILE_MODE);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new SilasException(ErrorCode.SECRET_STORE_FAILURE,
                    "cannot set mode 0600 on secret store " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static byte[] entryAd(String ref) {
        return (ENTRY_AD_PREFIX + ref).getBytes(StandardCharsets.UTF_8);
    }
}
