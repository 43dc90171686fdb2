/**
 * The SDK's configuration: the immutable {@link io.silas.core.config.SilasConfig} record tree (docs/configuration.md),
 * loaded from YAML with {@code ${ENV}} interpolation and validated fail-fast, so that a misconfigured
 * assistant refuses to start with one {@code CONFIG_INVALID} listing every problem.
 */
@NullMarked
package io.silas.core.config;

import org.jspecify.annotations.NullMarked;
