/**
 * The WebSocket web channel: owner device enrolment, session tokens, signed card answers and the secure-input
 * endpoint, entered through {@link io.silas.web.WebChannel}.
 */
@NullMarked
package io.silas.web;

import org.jspecify.annotations.NullMarked;
