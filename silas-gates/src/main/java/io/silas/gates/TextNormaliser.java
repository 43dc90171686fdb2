package io.silas.gates;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.Arrays;
import java.util.Locale;

/**
 * The text the {@code text_safety} gate judges, so that disguised text is judged as what it reads as (threat-model
 * promise 9). Two forms:
 * <ul>
 *   <li>{@link #forMatching}: invisible and format characters removed (Unicode default-ignorable code points and
 *       general category Cf: zero-width spaces and joiners, soft hyphens, bidi controls, variation selectors), then
 *       NFKC (fullwidth and other compatibility forms become ASCII), then every decimal digit of any script becomes
 *       its ASCII digit. Each char of the result remembers the span of the original it came from, so that a match
 *       found here is replaced in the original text, invisible characters inside it included.</li>
 *   <li>{@link #forJudging}: that text lower-cased, folded to its confusable skeleton (ICU {@link SpoofChecker}, UTS
 *       #39: Cyrillic and Greek look-alikes become Latin), lower-cased again, combining marks dropped, and every run
 *       of other non-letters/digits turned into one space.</li>
 * </ul>
 * Stateless and thread-safe (the ICU instances are immutable).
 */
final class TextNormaliser {
    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    private static final SpoofChecker SKELETONS = new SpoofChecker.Builder().build();

    /** A normalised text; chars {@code [i]} came from the original's {@code [start[i], end[i])}. */
    record View(String text, int[] start, int[] end) {
        /** The original span of the normalised chars {@code [from, to)}, {@code to > from}. */
        int[] originalSpan(int from, int to) {
            return new int[] {start[from], end[to - 1]};
        }
    }

    private TextNormaliser() {
    }

    /** Invisible characters removed, NFKC, decimal digits as ASCII; with the origin of every char. */
    static View forMatching(String original) {
        int n = original.length();
        StringBuilder out = new StringBuilder(n);
        Origins origins = new Origins(n);
        for (int i = 0; i < n; ) {
            int cp = original.codePointAt(i);
            int next = i + Character.charCount(cp);
            int before = out.length();
            if (cp < 0x80) {
                out.append((char) cp);
            } else if (!invisible(cp)) {
                String one = new String(Character.toChars(cp));
                appendFolded(out, NFKC.isInert(cp) ? one : NFKC.normalize(one));
            }
            origins.add(out.length() - before, i, next);
            i = next;
        }
        return new View(out.toString(), origins.starts(), origins.ends());
    }

    /** Appends {@code normalised} without invisible characters and with decimal digits as ASCII digits. */
    private static void appendFolded(StringBuilder out, String normalised) {
        for (int j = 0; j < normalised.length(); ) {
            int c = normalised.codePointAt(j);
            j += Character.charCount(c);
            if (invisible(c)) {
                continue;
            }
            int digit = UCharacter.getType(c) == UCharacter.DECIMAL_DIGIT_NUMBER ? UCharacter.digit(c, 10) : -1;
            if (digit >= 0) {
                out.append((char) ('0' + digit));
            } else {
                out.appendCodePoint(c);
            }
        }
    }

    /** The original span of each normalised char, in growable arrays. */
    private static final class Origins {
        private int[] start;
        private int[] end;
        private int size;

        Origins(int capacity) {
            start = new int[Math.max(capacity, 1)];
            end = new int[start.length];
        }

        void add(int count, int from, int to) {
            if (size + count > start.length) {
                start = Arrays.copyOf(start, Math.max(start.length * 2, size + count));
                end = Arrays.copyOf(end, start.length);
            }
            Arrays.fill(start, size, size + count, from);
            Arrays.fill(end, size, size + count, to);
            size += count;
        }

        int[] starts() {
            return Arrays.copyOf(start, size);
        }

        int[] ends() {
            return Arrays.copyOf(end, size);
        }
    }

    /** The form jailbreak phrases are compared in: {@link #forMatching}, lower case, skeleton, words. */
    static String forJudging(String original) {
        String lower = forMatching(original).text().toLowerCase(Locale.ROOT);
        String folded = SKELETONS.getSkeleton(lower).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(folded.length());
        boolean space = true;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || invisible(cp)) {
                continue;
            }
            if (Character.isLetterOrDigit(cp)) {
                sb.appendCodePoint(cp);
                space = false;
            } else if (!space) {
                sb.append(' ');
                space = true;
            }
        }
        return sb.toString().strip();
    }

    /** Default-ignorable or a format character: renders as nothing. */
    static boolean invisible(int cp) {
        return Character.getType(cp) == Character.FORMAT
                || UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT);
    }
}
