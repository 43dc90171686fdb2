package io.silas.core.tool;

import com.fasterxml.jackson.databind.JsonNode;

/** The JSON type a tool argument must have. Wire values are the lower-case names. */
public enum ToolArgType {
    /** Wire value {@code string}. */
    STRING,
    /** Wire value {@code integer}. */
    INTEGER,
    /** Wire value {@code boolean}. */
    BOOLEAN,
    /** Wire value {@code object}. */
    OBJECT,
    /** An array whose elements are all strings. */
    STRING_ARRAY,
    /** Either a string or an array of strings (for example a command line or an argv). */
    STRING_OR_STRING_ARRAY;

    /**
     * {@return whether {@code value} has this type}
     *
     * @param value the new value
     */
    public boolean accepts(JsonNode value) {
        return switch (this) {
            case STRING -> value.isTextual();
            case INTEGER -> value.isIntegralNumber();
            case BOOLEAN -> value.isBoolean();
            case OBJECT -> value.isObject();
            case STRING_ARRAY -> isStringArray(value);
            case STRING_OR_STRING_ARRAY -> value.isTextual() || isStringArray(value);
        };
    }

    private static boolean isStringArray(JsonNode value) {
        if (!value.isArray()) {
            return false;
        }
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
