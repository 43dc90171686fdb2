/**
 * Runnable examples and the demo: how a host assembles the SDK. Depends on every module by design.
 */
@NullMarked
package io.silas.examples;

import org.jspecify.annotations.NullMarked;
