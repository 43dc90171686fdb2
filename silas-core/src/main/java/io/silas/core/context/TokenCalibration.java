package io.silas.core.context;

/**
 * The correction of one scope's token estimate by what its model reported: the ratio of reported input
 * tokens to the {@link TokenCounter}'s estimate of the same request text, clamped to
 * [{@value #MIN_FACTOR}, {@value #MAX_FACTOR}] and smoothed over calls (the first report is taken as is, later ones
 * move the factor by {@value #WEIGHT} of the difference). Budget checks multiply their estimates by the factor, so a
 * model whose tokenizer counts more tokens than the heuristic gets its context trimmed sooner. Not thread-safe; the
 * context manager guards it.
 *
 * <p><b>Security guarantees:</b> the bounds keep a provider that misreports usage from emptying a scope's context
 * (a huge ratio) or from letting it grow past about twice its configured budget (a tiny one).
 */
final class TokenCalibration {
    /** Lowest factor: the heuristic may overestimate at most twofold. */
    static final double MIN_FACTOR = 0.5;
    /** Highest factor: a tokenizer may count at most four times the heuristic. */
    static final double MAX_FACTOR = 4.0;
    /** Weight of a new report in the smoothed factor. */
    static final double WEIGHT = 0.5;

    private double factor = 1.0;
    private boolean calibrated;

    /** Takes one report: {@code reported} tokens for text estimated at {@code estimated}; non-positive is ignored. */
    void record(long estimated, long reported) {
        if (estimated <= 0 || reported <= 0) {
            return;
        }
        double ratio = Math.max(MIN_FACTOR, Math.min(MAX_FACTOR, (double) reported / estimated));
        factor = calibrated ? factor + WEIGHT * (ratio - factor) : ratio;
        calibrated = true;
    }

    /** The current factor (1.0 until the first report). */
    double factor() {
        return factor;
    }

    /** {@code tokens} scaled by the factor, rounded up. */
    int scale(int tokens) {
        return calibrated ? (int) Math.min(Integer.MAX_VALUE, Math.ceil(tokens * factor)) : tokens;
    }
}
