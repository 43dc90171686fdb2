/**
 * The review queue's rules for SQL storage, written once for every database backend: argument checks, the
 * {@code review_queue}/{@code batch_decisions} statements the dialects share, and deciding a batch in one write.
 * Each backend keeps only how it takes a pending batch off the queue.
 */
@NullMarked
package io.silas.core.proactivity.sql;

import org.jspecify.annotations.NullMarked;
