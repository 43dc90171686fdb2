/**
 * Gates: the declarative checks that run on inputs, outputs and tool calls ({@link io.silas.core.gate.Gate}, {@link
 * io.silas.core.gate.GateRunner}), access levels for chatbot deployments, and the deterministic predicates ({@link
 * io.silas.core.gate.Expectation}) that script gates and verification share.
 */
@NullMarked
package io.silas.core.gate;

import org.jspecify.annotations.NullMarked;
