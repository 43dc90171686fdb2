/**
 * Tools the agents may call: definitions, toolsets and their filters, the call ledger and tool approvals.
 */
@NullMarked
package io.silas.core.tool;

import org.jspecify.annotations.NullMarked;
