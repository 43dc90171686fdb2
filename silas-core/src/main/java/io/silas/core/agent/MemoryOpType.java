package io.silas.core.agent;

/** Kind of a {@link MemoryOp} (docs/contracts.md#stream-and-turns). */
public enum MemoryOpType {
    /** Wire value {@code store}. */
    STORE,
    /** Wire value {@code update}. */
    UPDATE,
    /** Wire value {@code delete}. */
    DELETE,
    /** Wire value {@code link}. */
    LINK
}
