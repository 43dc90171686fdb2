/**
 * Connections to outside services: setup flows, permission escalation, health checks, refresh and recovery, with
 * credentials held only as references to the secret store.
 */
@NullMarked
package io.silas.core.connection;

import org.jspecify.annotations.NullMarked;
