// The owner's device key: Ed25519 via WebCrypto, private key non-extractable, kept in IndexedDB.
// Signed bytes are exactly those of the Java SDK (SignedMessage.canonicalBytes, SignedCardAnswer.canonicalBytes):
//   message:     UTF-8(JSON.stringify({nonce, text, timestamp}))
//   card answer: UTF-8(JSON.stringify({card_id, choice, nonce, timestamp}))
// Keys are written in sorted order, so JSON.stringify produces the canonical form.

const DB = 'silas-owner';
const STORE = 'keys';
const KEY_ID = 'device';

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function tx(db, mode, action) {
  return new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const request = action(t.objectStore(STORE));
    t.oncomplete = () => resolve(request.result);
    t.onerror = () => reject(t.error);
  });
}

/** The stored device key pair, or a new one (private key non-extractable) stored for next time. */
export async function deviceKey() {
  const db = await openDb();
  try {
    const existing = await tx(db, 'readonly', (s) => s.get(KEY_ID));
    if (existing) {
      return existing;
    }
    const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    await tx(db, 'readwrite', (s) => s.put(pair, KEY_ID));
    return pair;
  } finally {
    db.close();
  }
}

/** The raw 32-byte public key, base64. */
export async function publicKeyBase64(pair) {
  return toBase64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
}

/** 128 random bits as 32 lower-case hex digits (like the Java OwnerSigner). */
export function newNonce() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Now as the signed timestamp string: yyyy-MM-ddTHH:mm:ss.SSSZ (UTC). */
export function now() {
  return new Date().toISOString();
}

export function messageBytes(text, timestamp, nonce) {
  return new TextEncoder().encode(JSON.stringify({ nonce, text, timestamp }));
}

export function answerBytes(cardId, choice, nonce, timestamp) {
  return new TextEncoder().encode(JSON.stringify({ card_id: cardId, choice, nonce, timestamp }));
}

/** A signed message frame for text. */
export async function signMessage(pair, text) {
  const nonce = newNonce();
  const timestamp = now();
  const signature = await sign(pair, messageBytes(text, timestamp, nonce));
  return { type: 'message', text, nonce, timestamp, signature };
}

/** A signed card answer frame. */
export async function signAnswer(pair, cardId, choice) {
  const nonce = newNonce();
  const timestamp = now();
  const signature = await sign(pair, answerBytes(cardId, choice, nonce, timestamp));
  return { type: 'card_answer', card_id: cardId, choice, nonce, timestamp, signature };
}

export async function sign(pair, bytes) {
  return toBase64(new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, bytes)));
}

/** Verifies a base64 signature over bytes by a raw base64 public key. */
export async function verify(publicKeyB64, bytes, signatureB64) {
  const key = await crypto.subtle.importKey('raw', fromBase64(publicKeyB64), { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(signatureB64), bytes);
}

export function toBase64(bytes) {
  let binary = '';
  bytes.forEach((b) => { binary += String.fromCharCode(b); });
  return btoa(binary);
}

export function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
