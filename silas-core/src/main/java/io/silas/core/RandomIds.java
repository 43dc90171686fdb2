package io.silas.core;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs from a small set of DRBGs picked by thread id. {@link UUID#randomUUID()} draws from one
 * shared generator whose lock serialises every thread that creates ids; a turn creates several, so the Stream's
 * threads would queue on it. A fixed set (not one per thread) keeps short-lived and virtual threads from seeding a
 * generator each. Every DRBG is seeded from the platform's entropy source, so the ids stay unpredictable.
 *
 * <p>Each stripe draws {@value #BUFFER_BYTES} bytes at a time and hands them out 16 per id: a DRBG call costs
 * several SHA-256 blocks of fixed overhead however few bytes it returns, so one call per id made id generation a
 * visible share of a turn.
 */
final class RandomIds {
    /** A power of two, so that a thread's stripe is its id's low bits. */
    private static final int STRIPES = 16;
    private static final int ID_BYTES = 16;
    private static final int BUFFER_BYTES = 32 * ID_BYTES;
    private static final Stripe[] STRIPES_BY_THREAD = new Stripe[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            STRIPES_BY_THREAD[i] = new Stripe(drbg());
        }
    }

    /** One DRBG and the part of its last draw not yet handed out. */
    private static final class Stripe {
        private final SecureRandom drbg;
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private int next = BUFFER_BYTES;

        Stripe(SecureRandom drbg) {
            this.drbg = drbg;
        }

        synchronized void fill(byte[] into) {
            if (next == BUFFER_BYTES) {
                drbg.nextBytes(buffer);
                next = 0;
            }
            System.arraycopy(buffer, next, into, 0, ID_BYTES);
            next += ID_BYTES;
        }
    }

    private RandomIds() {
    }

    static String uuid() {
        byte[] b = new byte[ID_BYTES];
        STRIPES_BY_THREAD[(int) (Thread.currentThread().getId() & (STRIPES - 1))].fill(b);
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
