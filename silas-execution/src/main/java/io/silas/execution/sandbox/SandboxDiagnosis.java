package io.silas.execution.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the subprocess sandbox can promise on this host, guarantee by guarantee: held or not, how it is
 * enforced, what was probed, and what the host can do to provide a missing one. Built by
 * {@link Sandboxes#diagnose()} from real probes (a sandboxed {@code true}, a fork count in a fresh user
 * namespace, a size-limited tmpfs), never from configuration alone.
 *
 * @param mode     {@code root} (the JVM is uid 0: per-sandbox host uids, host cgroups and mounts) or
 *                 {@code rootless} (the JVM's own user namespaces)
 * @param jvmUid   the JVM's uid
 * @param checks   one entry per {@link SandboxGuarantee}, in declaration order
 * @param accepted the missing guarantees the host accepted ({@code sandbox.accept_missing})
 */
public record SandboxDiagnosis(String mode, int jvmUid, List<Check> checks, Set<SandboxGuarantee> accepted) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param mode     {
     * @param jvmUid   the JVM's uid
     * @param checks   one entry per {
     * @param accepted the missing guarantees the host accepted ({
     */
    public SandboxDiagnosis {
        checks = List.copyOf(checks);
        accepted = Set.copyOf(accepted);
    }

    /**
     * One guarantee on this host.
     *
     * @param guarantee  which one
     * @param held       whether runs get it
     * @param enforcedBy the mechanism (e.g. {@code RLIMIT_NPROC in the run's user namespace}); empty when missing
     * @param probed     what was tried to decide it
     * @param remedy     what the host can do when it is missing; empty when held
     */
    public record Check(SandboxGuarantee guarantee, boolean held, String enforcedBy, String probed, String remedy) {
    }

    /** {@return the guarantees that are not held} */
    public List<SandboxGuarantee> missing() {
        return checks.stream().filter(c -> !c.held()).map(Check::guarantee).toList();
    }

    /** {@return the guarantees that are missing and that the host did not accept: any of these means nothing runs} */
    public List<Check> blocking() {
        return checks.stream().filter(c -> !c.held() && !accepted.contains(c.guarantee())).toList();
    }

    /** {@return whether sandboxes can be created (every guarantee held or accepted)} */
    public boolean ready() {
        return blocking().isEmpty();
    }

    /**
     * {@return the entry for one guarantee}
     *
     * @param guarantee which one
     */
    public Check check(SandboxGuarantee guarantee) {
        return checks.stream().filter(c -> c.guarantee() == guarantee).findFirst().orElseThrow();
    }

    /**
     * {@return the error text for a guarantee that blocks: which guarantee, what was probed, the remedy}
     *
     * @param check the check
     */
    public static String explain(Check check) {
        return "the " + check.guarantee().configName() + " guarantee (" + check.guarantee().label()
                + ") cannot be had on this host; probed: " + check.probed() + "; remedy: " + check.remedy();
    }

    /** {@return a table a person reads in ten seconds: one row per guarantee, then a verdict} */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Silas sandbox doctor: %s mode (JVM uid %d)%n", mode, jvmUid));
        out.append(String.format(Locale.ROOT, "%-15s %-8s %s%n", "guarantee", "status", "how / what to do"));
        for (Check c : checks) {
            String status = c.held() ? "ok" : accepted.contains(c.guarantee()) ? "ACCEPTED" : "MISSING";
            String how = c.held() ? c.enforcedBy() : c.remedy() + " (probed: " + c.probed() + ")";
            out.append(String.format(Locale.ROOT, "%-15s %-8s %s%n", c.guarantee().configName(), status, how));
        }
        out.append(ready()
                ? (missing().isEmpty() ? "verdict: every guarantee held; sandboxed work runs."
                        : "verdict: runs, without " + missing().stream().map(SandboxGuarantee::configName)
                                .collect(Collectors.joining(", ")) + " (accepted in sandbox.accept_missing; audited per run).")
                : "verdict: NOTHING RUNS until the MISSING rows are fixed (or accepted in sandbox.accept_missing).");
        return out.append(System.lineSeparator()).toString();
    }
}
