package io.silas.core.proactivity;

/** Whether a threshold change increases ({@code widen}) or decreases ({@code tighten}) autonomy. */
public enum AutonomyDirection {
    WIDEN,
    TIGHTEN
}
