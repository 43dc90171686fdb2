package io.silas.gates;

import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic PII redaction for the text-safety provider. Detected, in this order (each kind's replacement
 * hides it from the later ones): IBANs (ISO 13616 shape, mod-97 checked) → {@code [REDACTED_IBAN]}, card numbers
 * (13–19 digits, optionally grouped by single spaces or dashes, Luhn checked) → {@code [REDACTED_CARD]}, e-mail
 * addresses → {@code [REDACTED_EMAIL]}, phone numbers (10–15 digits, or {@code +} and 8–15 digits, optionally
 * grouped by spaces, dots, dashes or parentheses) → {@code [REDACTED_PHONE]}.
 *
 * <p>Heuristic by nature: long digit runs such as order numbers can be taken for phone numbers, and numbers
 * written in unusual ways are missed. Stateless and thread-safe.
 */
final class PiiRedactor {
    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?:[ ]?[A-Z0-9]){11,30}\\b");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24}\\b");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])\\+?\\(?\\d(?:[ .()-]{0,2}\\d){6,18}(?!\\w)");
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    /** The redacted text and the kinds found (in detection order; empty when nothing was redacted). */
    record Redaction(String text, Set<String> kinds) {
    }

    private PiiRedactor() {
    }

    static Redaction redact(String text) {
        Set<String> kinds = new LinkedHashSet<>();
        String out = replace(text, IBAN, PiiRedactor::validIban, "[REDACTED_IBAN]", "iban", kinds);
        out = replace(out, CARD, PiiRedactor::luhn, "[REDACTED_CARD]", "card", kinds);
        out = replace(out, EMAIL, s -> true, "[REDACTED_EMAIL]", "email", kinds);
        out = replace(out, PHONE, PiiRedactor::phone, "[REDACTED_PHONE]", "phone", kinds);
        return new Redaction(out, kinds);
    }

    private static String replace(String text, Pattern pattern, Predicate<String> valid, String replacement,
                                  String kind, Set<String> kinds) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            if (!valid.test(m.group())) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length());
            }
            sb.append(text, last, m.start()).append(replacement);
            last = m.end();
        }
        if (sb == null) {
            return text;
        }
        kinds.add(kind);
        return sb.append(text, last, text.length()).toString();
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

    static boolean validIban(String candidate) {
        String iban = candidate.replace(" ", "");
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
