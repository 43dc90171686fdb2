/**
 * Work items (task, project, goal): the plan record and its parser, the plan hash approvals bind ({@link
 * io.silas.core.work.PlanHashes}), budgets, verification checks, escalation, the work-item store and the executor
 * contract.
 */
@NullMarked
package io.silas.core.work;

import org.jspecify.annotations.NullMarked;
