/**
 * Key material and replay protection: Ed25519 signing keys and verification, the nonce store and its retention, and
 * the secret store. Depends only on the vocabulary and basics, so approval and audit can build on it.
 */
@NullMarked
package io.silas.core.trust;

import org.jspecify.annotations.NullMarked;
