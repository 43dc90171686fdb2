/**
 * Proactive behaviour as data and contracts: suggestions, reviewed batches, autonomy-threshold proposals and the
 * review queue, and the hashes their approvals bind ({@link io.silas.core.proactivity.ProposalHashes}). The heartbeat
 * loops live in silas-proactivity.
 */
@NullMarked
package io.silas.core.proactivity;

import org.jspecify.annotations.NullMarked;
