package io.silas.core.observe;

/** The values a Stream reports while it runs. */
public enum SilasGauge {
    /** Turns queued or running across all scopes. */
    TURNS_PENDING("silas.turns.pending"),
    /** Plan approvals and executions still in flight in the background. */
    BACKGROUND_IN_FLIGHT("silas.background.in_flight");

    private final String meterName;

    SilasGauge(String meterName) {
        this.meterName = meterName;
    }

    /**
     * The gauge's name.
     *
     * @return e.g. {@code silas.turns.pending}
     */
    public String meterName() {
        return meterName;
    }
}
