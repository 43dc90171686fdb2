/**
 * The bubblewrap sandbox: {@link io.silas.execution.sandbox.Sandboxes} is the entry point, building a
 * {@link io.silas.core.execution.SandboxManager} from {@link io.silas.execution.sandbox.SubprocessSandboxOptions}.
 * Namespaces, cgroups, the network stack, the run server and the work disk are package-private parts of it.
 */
@NullMarked
package io.silas.execution.sandbox;

import org.jspecify.annotations.NullMarked;
