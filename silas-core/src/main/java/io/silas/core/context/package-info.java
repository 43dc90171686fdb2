/**
 * The context window: zones, profiles, scoring and eviction ({@link io.silas.core.context.ContextManager}) and the
 * chronicle of past turns it is rebuilt from.
 */
@NullMarked
package io.silas.core.context;

import org.jspecify.annotations.NullMarked;
