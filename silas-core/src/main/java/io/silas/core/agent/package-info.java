/**
 * The model-facing agents (proxy, planner, executor) as interfaces with structured requests and results, and the
 * rules that decide how assertively a turn proceeds. Hosts plug in real models; tests use scripted fakes. Agents
 * propose; they never authorise.
 */
@NullMarked
package io.silas.core.agent;

import org.jspecify.annotations.NullMarked;
