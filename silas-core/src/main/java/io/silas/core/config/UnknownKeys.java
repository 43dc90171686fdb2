package io.silas.core.config;

import java.util.Collection;
import java.util.Map;

/**
 * Explains an unknown key: secrets given as values, sections of the Silas file format this SDK does not interpret, or a likely
 * typo of a known key ("did you mean").
 */
final class UnknownKeys {
    private static final String SECRET = "secrets are never configuration values: store it in the SecretStore and"
            + " name the entry with ";
    private static final String NOT_INTERPRETED = "section of the Silas spec that Silas for Java does not interpret";

    private static final Map<Class<?>, Map<String, String>> HINTS = Map.of(
            SilasConfig.class, Map.of(
                    "models", NOT_INTERPRETED + " (the host supplies the agents and their models)",
                    "memory", NOT_INTERPRETED,
                    "behavior_preferences", NOT_INTERPRETED),
            SilasConfig.Personality.class, Map.of("scope_mode",
                    "only personality.constitution is interpreted (for single-user mode use the top-level scope_mode)"),
            SilasConfig.Search.class, Map.of("api_key", SECRET + "api_key_ref"),
            SilasConfig.Channels.class, Map.of(
                    "telegram", "not provided by Silas for Java (the host supplies chat channels)",
                    "cli", "not provided by Silas for Java (the host supplies chat channels)"),
            SilasConfig.Channels.Web.class, Map.of("auth_token", SECRET + "auth_token_ref"),
            SilasConfig.Approval.class, Map.of(
                    "auto_approve_risk_levels", "not supported: every approval needs an explicit owner tap",
                    "scope_min_strength", "not supported: every scope requires the same tap-strength approval"));

    private UnknownKeys() {
    }

    static String describe(Class<?> owner, String key, Collection<String> known) {
        String hint = HINTS.getOrDefault(owner, Map.of()).get(key);
        if (hint != null) {
            return "unknown key: " + hint;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 4)
                ? "unknown key (did you mean '" + best + "'?)"
                : "unknown key (expected one of " + known + ")";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
