package io.silas.web;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.trust.Ed25519Verifier;
import io.silas.core.trust.SigningKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The owner's enrolled browser device: its raw 32-byte Ed25519 public key, registered once through an owner-only
 * enrolment step. The host calls {@link #newEnrolmentCode} and hands the code to the owner out of band (the demo
 * prints it inside the URL fragment on its console); the browser, connected with the owner's session token, sends
 * its public key with the code ({@code enrol} frame). The key is kept in {@code owner-device.pub} (base64) when a
 * file is given, so a restarted host knows it; the host then builds its {@code MessageTrust} with
 * {@link #publicKey()}.
 *
 * <p><b>Security guarantees:</b> enrolment needs both the owner's session (checked by the channel) and the current
 * one-time code, which is random (128 bits), single-use and expires; a code is compared in constant time. Once a key
 * is enrolled no further enrolment is accepted ({@link #newEnrolmentCode} refuses too): replacing the owner key is a
 * host decision ({@link #reset}), never something a connection can do. Thread-safe.
 */
public final class OwnerDevice {
    /** How long an enrolment code stays valid. */
    public static final Duration CODE_TTL = Duration.ofMinutes(15);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Outcome of an enrolment attempt. */
    public enum Enrolment {
        /** The device key is now the owner's. */
        ENROLLED,
        /** A device is already enrolled; it is not replaced. */
        ALREADY_ENROLLED,
        /** The enrolment code is wrong, used or expired. */
        CODE_INVALID,
        /** The offered public key is not a raw 32-byte Ed25519 key. */
        KEY_INVALID
    }

    private final @Nullable Path file;
    private final Clock clock;
    private @Nullable byte[] key;
    private @Nullable byte[] codeHash;
    private @Nullable Instant codeExpiry;
    private CompletableFuture<byte[]> enrolled = new CompletableFuture<>();

    private OwnerDevice(@Nullable Path file, Clock clock, @Nullable byte[] key) {
        this.file = file;
        this.clock = clock;
        this.key = key;
        if (key != null) {
            enrolled.complete(key.clone());
        }
    }

    /**
     * {@return a device registry kept in memory only}
     *
     * @param clock the clock to read time from
     */
    public static OwnerDevice inMemory(Clock clock) {
        return new OwnerDevice(null, clock, null);
    }

    /**
     * {@return a device registry kept in {@code file}; loads the key enrolled before, if any}
     *
     * @param file the file
     * @param clock the clock to read time from
     */
    public static OwnerDevice file(Path file, Clock clock) {
        byte[] key = null;
        if (Files.exists(file)) {
            try {
                key = Base64.getDecoder().decode(Files.readString(file).strip());
            } catch (IOException | IllegalArgumentException e) {
                throw new SilasException(ErrorCode.CONFIG_INVALID, "unreadable owner device key file " + file, e);
            }
            if (Ed25519Verifier.create(key).isEmpty()) {
                throw new SilasException(ErrorCode.CONFIG_INVALID, "owner device key file " + file
                        + " does not hold a raw 32-byte Ed25519 public key");
            }
        }
        return new OwnerDevice(file, clock, key);
    }

    /**
     * A new one-time enrolment code (32 hex digits), replacing any earlier one; valid for {@link #CODE_TTL}.
     *
     * @return the enrolment code
     * @throws SilasException {@code INVALID_INPUT} when a device is already enrolled
     */
    public synchronized String newEnrolmentCode() {
        if (key != null) {
            throw SilasException.invalid("enrolment", "an owner device is already enrolled");
        }
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        String code = HexFormat.of().formatHex(raw);
        codeHash = sha256(code);
        codeExpiry = clock.instant().plus(CODE_TTL);
        return code;
    }

    /**
     * Enrols {@code publicKey} when {@code code} is the current unexpired code; the code is spent either way.
     *
     * @param code the error code
     * @param publicKey the public key
     * @return the enrolment
     */
    public synchronized Enrolment enrol(@Nullable String code, @Nullable byte[] publicKey) {
        if (key != null) {
            return Enrolment.ALREADY_ENROLLED;
        }
        boolean codeOk = code != null && codeHash != null && codeExpiry != null
                && clock.instant().isBefore(codeExpiry) && MessageDigest.isEqual(codeHash, sha256(code));
        codeHash = null;
        codeExpiry = null;
        if (!codeOk) {
            return Enrolment.CODE_INVALID;
        }
        if (publicKey == null || Ed25519Verifier.create(publicKey).isEmpty()) {
            return Enrolment.KEY_INVALID;
        }
        store(publicKey);
        key = publicKey.clone();
        enrolled.complete(publicKey.clone());
        return Enrolment.ENROLLED;
    }

    /** {@return the enrolled raw public key (a copy), if any} */
    public synchronized Optional<byte[]> publicKey() {
        return Optional.ofNullable(key).map(byte[]::clone);
    }

    /**
     * {@return a short fingerprint of the enrolled key, or {@code none}}
     */
    public synchronized String fingerprint() {
        return key == null ? "none" : SigningKeys.fingerprint(key);
    }

    /**
     * Waits until a device is enrolled.
     *
     * @param timeout how long to wait
     * @return the byte[]
     * @throws SilasException {@code CHANNEL_TIMEOUT} when none is enrolled within {@code timeout}
     * @throws InterruptedException if interrupted while waiting
     */
    public byte[] awaitEnrolment(Duration timeout) throws InterruptedException {
        CompletableFuture<byte[]> future;
        synchronized (this) {
            future = enrolled;
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS).clone();
        } catch (TimeoutException e) {
            throw new SilasException(ErrorCode.CHANNEL_TIMEOUT, "no owner device enrolled within " + timeout, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Forgets the enrolled key (host decision, e.g. a lost device); a new code is needed to enrol again. */
    public synchronized void reset() {
        key = null;
        enrolled = new CompletableFuture<>();
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void store(byte[] publicKey) {
        if (file == null) {
            return;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, Base64.getEncoder().encodeToString(publicKey) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SilasException(ErrorCode.CHANNEL_FAILURE, "cannot store the owner device key", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
