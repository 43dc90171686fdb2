package io.silas.core.vocabulary;

/**
 * How far a piece of content can be trusted. {@code OWNER} only for messages carrying a valid Ed25519
 * signature by the owner key; {@code AUTH} for known authenticated channel identities; {@code EXTERNAL}
 * for everything else, including all tool and network output.
 */
public enum TaintLevel {
    /** Wire value {@code owner}. */
    OWNER,
    /** Wire value {@code auth}. */
    AUTH,
    /** Wire value {@code external}. */
    EXTERNAL
}
