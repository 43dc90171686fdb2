package io.silas.core;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Source of identifiers, injected wherever tests need deterministic ids. The default is random
 * (UUIDv4 from a small set of {@link SecureRandom} DRBGs). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface IdGenerator {
    /** {@return a new, unique id} */
    String next();

    /**
     * Random UUIDs; unpredictable, safe for ids that double as capabilities.
     *
     * @return the id generator
     */
    static IdGenerator random() {
        return RandomIds::uuid;
    }

    /**
     * Deterministic ids {@code prefix-1, prefix-2, ...}, for tests and golden files.
     *
     * @param prefix prepended to each path (e.g. {@code "silas."} when the file nests under that key)
     * @return the id generator
     */
    static IdGenerator sequential(String prefix) {
        AtomicLong counter = new AtomicLong();
        return () -> prefix + "-" + counter.incrementAndGet();
    }

    /** {@return a random 128-bit value in hex, for nonces} */
    static String randomHex128() {
        byte[] bytes = new byte[16];
        Holder.RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Lazily created shared {@link SecureRandom}. */
    final class Holder {
        static final SecureRandom RANDOM = new SecureRandom();

        private Holder() {
        }
    }
}
