/**
 * Input size limits and per-scope rate limiting, applied before anything is stored or sent to a model.
 */
@NullMarked
package io.silas.core.limit;

import org.jspecify.annotations.NullMarked;
