package io.silas.core.config;

import java.util.List;
import java.util.Locale;

/**
 * A syntax check for UNIX 5-field cron expressions (minute, hour, day of month, month, day of week), so that
 * a broken schedule fails at startup instead of when the scheduler first parses it. Each field is a
 * comma-separated list of {@code *}, {@code N} or {@code N-M}, optionally followed by {@code /STEP}; month
 * and weekday also accept three-letter English names. Macros such as {@code @hourly} are not accepted.
 */
final class CronSyntax {
    private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private CronSyntax() {
    }

    static boolean isValid(String expression) {
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5) {
            return false;
        }
        for (int f = 0; f < 5; f++) {
            for (String part : fields[f].split(",", -1)) {
                if (!part(part, f)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean part(String part, int field) {
        String base = part;
        int slash = part.indexOf('/');
        if (slash >= 0) {
            base = part.substring(0, slash);
            String step = part.substring(slash + 1);
            if (!step.matches("\\d{1,2}") || Integer.parseInt(step) == 0) {
                return false;
            }
        }
        if (base.equals("*")) {
            return true;
        }
        int dash = base.indexOf('-');
        if (dash < 0) {
            return value(base, field) >= 0;
        }
        int lo = value(base.substring(0, dash), field);
        int hi = value(base.substring(dash + 1), field);
        return lo >= 0 && hi >= lo;
    }

    /** The numeric value of a field entry, or -1 if invalid. */
    private static int value(String text, int field) {
        int v;
        if (text.matches("\\d{1,2}")) {
            v = Integer.parseInt(text);
        } else if (field == 3 && MONTHS.contains(text.toUpperCase(Locale.ROOT))) {
            v = MONTHS.indexOf(text.toUpperCase(Locale.ROOT)) + 1;
        } else if (field == 4 && DAYS.contains(text.toUpperCase(Locale.ROOT))) {
            v = DAYS.indexOf(text.toUpperCase(Locale.ROOT));
        } else {
            return -1;
        }
        return v >= RANGES[field][0] && v <= RANGES[field][1] ? v : -1;
    }
}
