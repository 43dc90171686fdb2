package io.silas.core.execution;

/**
 * Why a sandboxed run ended. Exactly one reason per run; when several limits were hit, the most specific
 * one wins in this order: isolation failure, memory, processes, disk, CPU, timeout, normal
 * exit.
 */
public enum TerminationReason {
    /** The payload exited on its own (any exit code, including death by a signal it caused itself). */
    EXITED,
    /** The wall-clock timeout passed; the whole process tree was killed. */
    TIMEOUT,
    /** A process used up its CPU-seconds limit and was killed. */
    CPU_LIMIT,
    /** The process tree reached the memory limit and was killed or refused memory. */
    MEMORY_LIMIT,
    /** The process tree reached the process-count limit; further forks were refused. */
    PIDS_LIMIT,
    /** The work dir reached its size or file-count limit; writes failed and the run's output may be incomplete. */
    DISK_LIMIT,
    /** The isolation layer failed before or around the payload: its outcome is unknown and must not be trusted. */
    ISOLATION_FAILURE
}
