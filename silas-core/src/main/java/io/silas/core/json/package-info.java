/**
 * The shared JSON mapper and canonical JSON (sorted keys, fixed number form) that every hash in the SDK is taken
 * over.
 */
@NullMarked
package io.silas.core.json;

import org.jspecify.annotations.NullMarked;
