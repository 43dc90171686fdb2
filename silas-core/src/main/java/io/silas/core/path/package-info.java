/**
 * One path-confinement type, {@link io.silas.core.path.ConfinedPaths}: resolves a relative path inside permitted
 * directories without following links out of them. A leaf package any feature may use.
 */
@NullMarked
package io.silas.core.path;

import org.jspecify.annotations.NullMarked;
