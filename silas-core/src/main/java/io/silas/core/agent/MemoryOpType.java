package io.silas.core.agent;

/** Kind of a {@link MemoryOp} (docs/contracts.md#stream-and-turns). */
public enum MemoryOpType {
    STORE,
    UPDATE,
    DELETE,
    LINK
}
