/**
 * Small utilities every package may use: id generation ({@link io.silas.core.IdGenerator}) and sleeping, both
 * injectable so tests stay deterministic. Depends on nothing else in Silas.
 */
@NullMarked
package io.silas.core;

import org.jspecify.annotations.NullMarked;
