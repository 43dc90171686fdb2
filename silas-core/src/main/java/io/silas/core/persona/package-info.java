/**
 * Personality state and persona events (docs/contracts.md#personality): numeric axes and mood per scope, the active
 * preset and voice, and the append-only event log that explains how they moved. Personality shapes wording
 * only; it never influences security, approval or policy decisions. {@link io.silas.core.persona.PersonaStore}
 * persists it ({@code PersonaStore.inMemory()}, or the SQLite bundle).
 */
@NullMarked
package io.silas.core.persona;

import org.jspecify.annotations.NullMarked;
