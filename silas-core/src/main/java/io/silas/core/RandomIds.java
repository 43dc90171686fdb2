package io.silas.core;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs from a DRBG per thread. {@link UUID#randomUUID()} draws from one shared generator whose
 * lock serialises every thread that creates ids; a turn creates several, so the Stream's threads would queue on it.
 * Each thread's DRBG is seeded from the platform's entropy source, so the ids stay unpredictable.
 */
final class RandomIds {
    private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(RandomIds::drbg);

    private RandomIds() {
    }

    static String uuid() {
        byte[] b = new byte[16];
        PER_THREAD.get().nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
        b[8] = (byte) ((b[8] & 0x3f) | 0x80); // IETF variant
        return new UUID(toLong(b, 0), toLong(b, 8)).toString();
    }

    private static long toLong(byte[] b, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (b[i] & 0xff);
        }
        return value;
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the DRBG SecureRandom is required by every Java 17 platform", e);
        }
    }
}
