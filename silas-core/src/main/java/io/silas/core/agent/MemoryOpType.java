package io.silas.core.agent;

/** Kind of a {@link MemoryOp} (spec §3.2). */
public enum MemoryOpType {
    STORE,
    UPDATE,
    DELETE,
    LINK
}
