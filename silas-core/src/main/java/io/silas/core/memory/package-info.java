/**
 * Long-term memory: items with trust and taint levels, the memory store contract and its in-memory implementation.
 */
@NullMarked
package io.silas.core.memory;

import org.jspecify.annotations.NullMarked;
