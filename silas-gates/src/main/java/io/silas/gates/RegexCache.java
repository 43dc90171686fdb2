package io.silas.gates;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Compiles gate regexes through a bounded cache with a pattern length limit; matching goes through
 * {@link io.silas.core.gate.BoundedRegex}'s step budget, so that a pathological pattern or input fails (and the
 * gate blocks) instead of hanging the turn. Thread-safe.
 */
final class RegexCache {
    static final int MAX_PATTERN_LENGTH = 2000;
    private static final int CACHE_LIMIT = 512;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private RegexCache() {
    }

    /** The compiled pattern, or null when it is too long or does not compile. */
    static @Nullable Pattern compile(String regex, int flags) {
        if (regex.length() > MAX_PATTERN_LENGTH) {
            return null;
        }
        String key = flags + ":" + regex;
        Pattern cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(regex, flags);
        } catch (IllegalArgumentException | StackOverflowError e) {
            return null;
        }
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(key, compiled);
        return compiled;
    }
}
