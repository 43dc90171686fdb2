/**
 * Web search as a work-item executor: providers (Brave, SearXNG, Tavily), domain filtering and size-capped results,
 * all output tainted external.
 */
@NullMarked
package io.silas.execution.search;

import org.jspecify.annotations.NullMarked;
