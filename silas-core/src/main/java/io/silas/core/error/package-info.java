/**
 * The SDK's one exception type, {@link io.silas.core.error.SilasException}, with a stable {@link
 * io.silas.core.error.ErrorCode}, and the argument checks that raise it.
 */
@NullMarked
package io.silas.core.error;

import org.jspecify.annotations.NullMarked;
