package io.silas.core.work;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.SilasException;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateRunner;
import java.time.Clock;
import java.util.List;

/**
 * What the Stream shares with the work executor it completes ({@link WorkExecutorFactory}): the same audit log,
 * clock, ids, approval engine, gate runner, parsed system gates ({@code gates.system}) and work item store the turns
 * use, and the progress listener for executions the Stream does not start itself (scheduled goal cycles report to
 * the owner). A host never builds this; the Stream does, once, at {@code build()}.
 *
 * <p><b>Security guarantees:</b> the executor sees exactly the system gates the turns see, so a gate configured in
 * {@code gates.system} also applies to every tool call of approved work; approvals are issued and verified by the
 * Stream's one engine and audited in its one log.
 *
 * @param audit       the hash-chained audit log of the Stream
 * @param clock       the Stream's clock
 * @param ids         the Stream's id source
 * @param approvals   the approval engine that signed the plan tokens
 * @param gates       the gate runner of the turns
 * @param systemGates the parsed {@code gates.system} definitions, evaluated before each item's own gates
 * @param store       the work item store of the Stream's stores
 * @param listener    where progress of executions the Stream did not start goes (the owner's connection)
 */
public record WorkServices(AuditLog audit, Clock clock, IdGenerator ids, ApprovalEngine approvals, GateRunner gates,
                           List<Gate> systemGates, WorkItemStore store, WorkProgressListener listener) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param audit       the hash-chained audit log of the Stream
     * @param clock       the Stream's clock
     * @param ids         the Stream's id source
     * @param approvals   the approval engine that signed the plan tokens
     * @param gates       the gate runner of the turns
     * @param systemGates the parsed {
     * @param store       the work item store of the Stream's stores
     * @param listener    where progress of executions the Stream did not start goes (the owner's connection) /
public
     */
    public WorkServices {
        if (audit == null || clock == null || ids == null || approvals == null || gates == null
                || systemGates == null || store == null || listener == null) {
            throw SilasException.invalid("work_services", "every shared service is required");
        }
        systemGates = List.copyOf(systemGates);
    }

    /**
     * {@return the same services with progress going to {@code other} (one execution's listener)}
     *
     * @param other the other
     */
    public WorkServices withListener(WorkProgressListener other) {
        return new WorkServices(audit, clock, ids, approvals, gates, systemGates, store, other);
    }
}
