package io.silas.core.proactivity;

/** Whether a threshold change increases ({@code widen}) or decreases ({@code tighten}) autonomy. */
public enum AutonomyDirection {
    /** Wire value {@code widen}. */
    WIDEN,
    /** Wire value {@code tighten}. */
    TIGHTEN
}
