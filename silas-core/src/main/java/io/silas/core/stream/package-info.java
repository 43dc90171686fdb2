/**
 * The Stream: the long-running loop that admits messages, runs each turn through gates, agents, memory and plans, and
 * drives start-up, rehydration and drain. The top of silas-core; nothing in core depends on it.
 */
@NullMarked
package io.silas.core.stream;

import org.jspecify.annotations.NullMarked;
