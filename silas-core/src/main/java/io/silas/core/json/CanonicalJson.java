package io.silas.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The one canonical JSON form used by every hash and every signature in the SDK: object keys sorted
 * by code point (recursively), no insignificant whitespace, UTF-8 with non-ASCII characters written
 * literally, control characters escaped with lower-case hex (as JavaScript's {@code JSON.stringify} does),
 * numbers in their shortest round-trip form. Nulls are kept exactly where the input tree has them; callers decide the projection.
 *
 * <p>NaN and infinities have no JSON form and are rejected with {@code INVALID_INPUT}. Thread-safe.
 */
public final class CanonicalJson {
    /** Lower-case hex in {@code \}{@code u00XX} escapes, as JavaScript and Python write them. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    /** Orders strings by Unicode code point (not UTF-16 unit), the key order of canonical objects. */
    public static final Comparator<String> CODE_POINT_ORDER = CanonicalJson::compareCodePoints;

    private CanonicalJson() {
    }

    /**
     * {@return a generator with the canonical escaping and number rules, for code that streams canonical JSON
     * itself (for example hashing stored rows without building a tree)} The caller writes keys in
     * {@link #CODE_POINT_ORDER}.
     *
     * @param out where to write
     */
    public static JsonGenerator generator(Writer out) {
        try {
            return FACTORY.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Canonical bytes of any value the shared mapper can serialise.
     *
     * @param value the new value
     * @return the byte[]
     */
    public static byte[] bytes(Object value) {
        String text = string(value);
        if (!hasSurrogate(text)) {
            return text.getBytes(StandardCharsets.UTF_8); // nothing that UTF-8 could fail to encode
        }
        try {
            ByteBuffer buf = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new SilasException(ErrorCode.INVALID_INPUT, "canonical json: text contains a lone surrogate", e);
        }
    }

    /**
     * Canonical form as a string. Written through a character writer so that characters outside the
     * BMP stay literal (never escaped as surrogate pairs).
     *
     * @param value the new value
     * @return the string
     */
    public static String string(Object value) {
        JsonNode node = value instanceof JsonNode n ? n : Json.tree(value);
        StringWriter out = new StringWriter(256);
        try (JsonGenerator gen = generator(out)) {
            write(node, gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonNode node, JsonGenerator gen) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
                fields.sort(Map.Entry.comparingByKey(CODE_POINT_ORDER));
                gen.writeStartObject();
                for (Map.Entry<String, JsonNode> field : fields) {
                    gen.writeFieldName(field.getKey());
                    write(field.getValue(), gen);
                }
                gen.writeEndObject();
            }
            case ARRAY -> {
                gen.writeStartArray();
                for (JsonNode element : node) {
                    write(element, gen);
                }
                gen.writeEndArray();
            }
            case NUMBER -> writeNumber(node, gen);
            case STRING -> gen.writeString(node.textValue());
            case BOOLEAN -> gen.writeBoolean(node.booleanValue());
            case NULL, MISSING -> gen.writeNull();
            case BINARY -> gen.writeString(node.asText());
            default -> throw new SilasException(ErrorCode.INVALID_INPUT,
                    "canonical json: unsupported node type " + node.getNodeType());
        }
    }

    private static void writeNumber(JsonNode node, JsonGenerator gen) throws IOException {
        if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                gen.writeNumber(node.longValue());
            } else {
                gen.writeNumber(node.bigIntegerValue());
            }
            return;
        }
        if (node.isBigDecimal()) {
            gen.writeNumber(node.decimalValue().stripTrailingZeros().toString());
            return;
        }
        double d = node.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new SilasException(ErrorCode.INVALID_INPUT, "canonical json: NaN and infinity are not allowed");
        }
        gen.writeNumber(d);
    }

    private static boolean hasSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
