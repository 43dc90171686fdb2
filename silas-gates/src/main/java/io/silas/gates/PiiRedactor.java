package io.silas.gates;

import java.math.BigInteger;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic PII redaction for the text-safety provider. Detected, in this order (each kind's matches are hidden
 * from the later ones): IBANs (ISO 13616 shape in either case, mod-97 checked) → {@code [REDACTED_IBAN]}, card numbers
 * (13–19 digits, optionally grouped by single spaces or dashes, Luhn checked) → {@code [REDACTED_CARD]}, e-mail
 * addresses → {@code [REDACTED_EMAIL]}, phone numbers (10–15 digits, or {@code +} and 8–15 digits, optionally
 * grouped by spaces, dots, dashes or parentheses) → {@code [REDACTED_PHONE]}.
 *
 * <p>Detection runs on {@link TextNormaliser#forMatching} (invisible characters removed, NFKC, digits of every script as
 * ASCII), so fullwidth digits, zero-width-split numbers and a fullwidth {@code ＠} are found; each match is mapped back
 * and its whole original span (disguise included) is replaced. Redaction repeats until nothing more is found, so the
 * output never holds a detectable item, also after normalisation.
 *
 * <p>Heuristic by nature: long digit runs such as order numbers can be taken for phone numbers, and numbers
 * written in unusual ways are missed. Stateless and thread-safe.
 */
final class PiiRedactor {
    private static final Pattern IBAN = Pattern.compile("\\b[A-Za-z]{2}\\d{2}(?:[ ]?[A-Za-z0-9]){11,30}\\b");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24}\\b");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])\\+?\\(?\\d(?:[ .()-]{0,2}\\d){6,18}(?!\\w)");
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);
    /** Stands in the matching text for an already matched char: matches no pattern and is no word char. */
    private static final char HIDDEN = '\u0000';

    /** The redacted text and the kinds found (in detection order; empty when nothing was redacted). */
    record Redaction(String text, Set<String> kinds) {
    }

    /** One original span to replace. */
    private record Span(int start, int end, String replacement) {
    }

    private PiiRedactor() {
    }

    static Redaction redact(String text) {
        Set<String> kinds = new LinkedHashSet<>();
        String out = text;
        while (true) {
            Set<String> found = new LinkedHashSet<>();
            String next = pass(out, found);
            if (found.isEmpty()) {
                return new Redaction(out, kinds);
            }
            kinds.addAll(found);
            out = next;
        }
    }

    /** One round over every kind on the normalised view; returns the original with the matched spans replaced. */
    private static String pass(String original, Set<String> kinds) {
        TextNormaliser.View view = TextNormaliser.forMatching(original);
        char[] matching = view.text().toCharArray();
        List<Span> spans = new ArrayList<>();
        find(view, matching, IBAN, PiiRedactor::ibanLength, "[REDACTED_IBAN]", "iban", spans, kinds);
        find(view, matching, CARD, whole(PiiRedactor::luhn), "[REDACTED_CARD]", "card", spans, kinds);
        find(view, matching, EMAIL, whole(s -> true), "[REDACTED_EMAIL]", "email", spans, kinds);
        find(view, matching, PHONE, whole(PiiRedactor::phone), "[REDACTED_PHONE]", "phone", spans, kinds);
        if (spans.isEmpty()) {
            return original;
        }
        spans.sort(Comparator.comparingInt(Span::start));
        StringBuilder sb = new StringBuilder(original.length());
        int last = 0;
        for (Span span : spans) {
            if (span.start() >= last) {
                sb.append(original, last, span.start()).append(span.replacement());
            }
            last = Math.max(last, span.end());
        }
        return sb.append(original, last, original.length()).toString();
    }

    /**
     * Collects the matches of {@code pattern} that {@code accept} takes (it returns how many leading chars of the match
     * are the item, or -1), then hides them from the later kinds.
     */
    private static void find(TextNormaliser.View view, char[] matching, Pattern pattern, ToIntFunction<String> accept,
                             String replacement, String kind, List<Span> spans, Set<String> kinds) {
        Matcher m = pattern.matcher(CharBuffer.wrap(matching));
        List<int[]> hits = new ArrayList<>();
        int from = 0;
        while (from <= matching.length && m.find(from)) {
            int length = accept.applyAsInt(m.group());
            if (length > 0) {
                hits.add(new int[] {m.start(), m.start() + length});
                from = m.start() + length;
            } else {
                from = m.end();
            }
        }
        for (int[] hit : hits) {
            int[] span = view.originalSpan(hit[0], hit[1]);
            spans.add(new Span(span[0], span[1], replacement));
            Arrays.fill(matching, hit[0], hit[1], HIDDEN);
            kinds.add(kind);
        }
    }

    static boolean luhn(String candidate) {
        String digits = digits(candidate);
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    private static ToIntFunction<String> whole(Predicate<String> valid) {
        return candidate -> valid.test(candidate) ? candidate.length() : -1;
    }

    /**
     * The length of the longest prefix of a case-insensitive IBAN candidate that ends at a word end and passes
     * mod-97, or -1: without case, the pattern also swallows the words that follow ("de89 ... 00 today").
     */
    static int ibanLength(String candidate) {
        for (int end = candidate.length(); end >= 15; end--) {
            boolean wordEnd = end == candidate.length() || candidate.charAt(end) == ' ';
            if (wordEnd && validIban(candidate.substring(0, end))) {
                return end;
            }
        }
        return -1;
    }

    static boolean validIban(String candidate) {
        String iban = candidate.replace(" ", "").toUpperCase(Locale.ROOT);
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(numeric.toString()).mod(NINETY_SEVEN).intValue() == 1;
    }

    private static boolean phone(String candidate) {
        int digits = digits(candidate).length();
        return candidate.startsWith("+") ? digits >= 8 && digits <= 15 : digits >= 10 && digits <= 15;
    }

    private static String digits(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
