/**
 * The persona store's rules for SQL storage, written once for every database backend: argument checks, reads, and
 * the refusal of a used event id. Each backend keeps only its two writes (the columns it stores beside the JSON).
 */
@NullMarked
package io.silas.core.persona.sql;

import org.jspecify.annotations.NullMarked;
