package io.silas.core.connection;

/**
 * How a connection skill authenticates (docs/contracts.md#connections); it selects the setup card the user sees.
 * {@link #DEVICE_CODE} and {@link #BROWSER_REDIRECT} keep secrets out of Silas entirely;
 * {@link #SECURE_INPUT} collects a static token out of band, never through the agent pipeline.
 */
public enum AuthStrategy {
    /** Wire value {@code device_code}. */
    DEVICE_CODE,
    /** Wire value {@code browser_redirect}. */
    BROWSER_REDIRECT,
    /** Wire value {@code secure_input}. */
    SECURE_INPUT
}
