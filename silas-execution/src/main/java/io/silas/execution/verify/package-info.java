/**
 * Independent verification: {@link io.silas.execution.verify.Verification} is the entry point; checks run in their
 * own sandbox with the artifacts read-only, never in the sandbox that produced them.
 */
@NullMarked
package io.silas.execution.verify;

import org.jspecify.annotations.NullMarked;
