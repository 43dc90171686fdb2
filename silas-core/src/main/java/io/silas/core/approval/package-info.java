/**
 * Signed approvals: the {@link io.silas.core.approval.ApprovalEngine} mints, signs and verifies Ed25519 approval
 * tokens bound to the exact hash of an {@link io.silas.core.approval.ApprovalSubject} (a plan, a batch or an autonomy
 * proposal). The smallest trusted part of the SDK: it depends only on trust, audit, config and the vocabulary, never
 * on the features it approves.
 */
@NullMarked
package io.silas.core.approval;

import org.jspecify.annotations.NullMarked;
