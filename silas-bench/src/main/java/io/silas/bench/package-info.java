/**
 * JMH benchmarks and the peer comparison; not published. Depends on every module by design (it measures them
 * together).
 */
@NullMarked
package io.silas.bench;

import org.jspecify.annotations.NullMarked;
