package io.silas.core.limit;

/**
 * Measures input in UTF-8 bytes without encoding it, so that a size limit is checked before a large input is copied,
 * stored or sent anywhere. A lone surrogate counts as the 3 bytes of its replacement character.
 */
public final class InputSize {
    private InputSize() {
    }

    /**
     * {@return the UTF-8 length of {@code text} (0 for null)}
     *
     * @param text the text
     */
    public static long utf8Bytes(CharSequence text) {
        return utf8Bytes(text, Long.MAX_VALUE);
    }

    /**
     * {@return whether the UTF-8 length of {@code text} exceeds {@code limit}; stops counting once it does}
     *
     * @param text the text
     * @param limit the limit
     */
    public static boolean exceeds(CharSequence text, long limit) {
        return utf8Bytes(text, limit) > limit;
    }

    /** The UTF-8 length, or some value above {@code stopAbove} once the count passes it. */
    private static long utf8Bytes(CharSequence text, long stopAbove) {
        if (text == null) {
            return 0;
        }
        long bytes = 0;
        int n = text.length();
        for (int i = 0; i < n && bytes <= stopAbove; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
