package io.silas.core.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.CanonicalJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Computes the chain hash ({@code SHA-256(prev_hash + canonical(entry without hash))}, see {@link AuditChain}) from an
 * entry's fields with its {@code data} already in canonical form, without building a tree for the entry: every
 * {@link AuditLog} appends through it, and stores verify their rows with it. The canonical form of an entry is
 * {@code {"at":..,"data":..,"event":..,"id":..,"prev_hash":..,"seq":..}} (keys in code-point order), written with
 * {@link CanonicalJson#generator}, with the {@code data} text inserted verbatim.
 *
 * <p>For canonical {@code data} text the bytes equal the canonical form of the whole entry, so the hash matches.
 * Every other field is escaped, so distinct field values always give distinct bytes; a {@code data} text altered in
 * any way, even to an equivalent JSON spelling, no longer matches. Text that is not valid UTF-16 (a lone surrogate)
 * is {@code INVALID_INPUT}, as in {@code CanonicalJson.bytes}. Not thread-safe: one instance per thread or lock.
 */
public final class EntryHasher {
    private final MessageDigest sha256;
    private final StringWriter out = new StringWriter(512);
    private final StringBuilder plain = new StringBuilder(512);
    /** Reused for the UTF-8 bytes of ASCII text (which are its chars). */
    private byte[] ascii = new byte[512];

    /** A hasher with its own digest and buffer. */
    public EntryHasher() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * {@return the lower-case hex chain hash of an entry whose {@code dataJson} is canonical JSON}
     *
     * @param seq the seq
     * @param id the id
     * @param at when it happened (executor clock)
     * @param event the event
     * @param dataJson the data json
     * @param prevHash the prev hash
     */
    public String hash(long seq, String id, String at, String event, String dataJson, String prevHash) {
        if (printable(at) && printable(event) && printable(id) && printable(prevHash)) {
            // Nothing to escape in these four (what the generator writes is the text itself between quotes): the
            // same bytes, without creating a generator per entry. Only the data can then hold a lone surrogate.
            plain.setLength(0);
            plain.append("{\"at\":\"").append(at).append("\",\"data\":").append(dataJson).append(",\"event\":\"")
                    .append(event).append("\",\"id\":\"").append(id).append("\",\"prev_hash\":\"").append(prevHash)
                    .append("\",\"seq\":").append(seq).append('}');
            if (hasLoneSurrogate(dataJson)) {
                throw new SilasException(ErrorCode.INVALID_INPUT, "audit entry text contains a lone surrogate");
            }
            update(prevHash);
            update(plain);
            return HexFormat.of().formatHex(sha256.digest());
        }
        String canonical = generated(seq, id, at, event, dataJson, prevHash);
        if (hasLoneSurrogate(canonical)) {
            throw new SilasException(ErrorCode.INVALID_INPUT, "audit entry text contains a lone surrogate");
        }
        sha256.update(prevHash.getBytes(StandardCharsets.UTF_8));
        sha256.update(canonical.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The canonical entry written by the canonical generator (escaping whatever needs it). */
    private String generated(long seq, String id, String at, String event, String dataJson, String prevHash) {
        out.getBuffer().setLength(0);
        try (JsonGenerator gen = CanonicalJson.generator(out)) {
            gen.writeStartObject();
            gen.writeStringField("at", at);
            gen.writeFieldName("data");
            gen.writeRawValue(dataJson);
            gen.writeStringField("event", event);
            gen.writeStringField("id", id);
            gen.writeStringField("prev_hash", prevHash);
            gen.writeNumberField("seq", seq);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Whether the text is printable ASCII without a quote or backslash: JSON writes it as it is. */
    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Feeds the text's UTF-8 bytes to the digest (ASCII through a reused buffer). */
    private void update(CharSequence text) {
        int n = text.length();
        if (ascii.length < n) {
            ascii = new byte[Math.max(n, ascii.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                sha256.update(text.toString().getBytes(StandardCharsets.UTF_8));
                return;
            }
            ascii[i] = (byte) c;
        }
        sha256.update(ascii, 0, n);
    }

    /** Whether the text has a surrogate without its partner (which UTF-8 cannot encode). */
    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
