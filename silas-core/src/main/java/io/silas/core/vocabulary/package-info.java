/**
 * Shared words of the SDK: small enums that many features use to talk to each other (how risky an action is,
 * how far content is trusted, how assertively a turn proceeds, what a gate decided).
 *
 * <p>This package depends on nothing else in Silas, so every other package may use it without creating a
 * dependency loop. Put a type here only when at least two unrelated features need the same word.
 */
@NullMarked
package io.silas.core.vocabulary;

import org.jspecify.annotations.NullMarked;

