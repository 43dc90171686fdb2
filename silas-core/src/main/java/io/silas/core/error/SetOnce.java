package io.silas.core.error;

import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A builder's record of the setters already called: a second call of one is {@code CONFIG_INVALID}
 * ({@code "<builder>: <setter> set twice"}), so two wiring paths can never silently replace each other's part.
 * Not thread-safe (as the builders that hold it).
 */
public final class SetOnce {
    private final String builder;
    private final Set<String> called = new HashSet<>();

    /**
     * For the builder {@code builder} names in messages (e.g. {@code "ApprovalEngine builder"}).
     *
     * @param builder the builder
     */
    public SetOnce(String builder) {
        this.builder = builder;
    }

    /**
     * Records the call of {@code setter}; a second call fails.
     *
     * @param setter the setter
     */
    public void once(String setter) {
        if (!called.add(setter)) {
            throw twice(builder, setter);
        }
    }

    /**
     * {@code value} for a part whose absence is its null {@code current} value: a null {@code value} is
     * {@code INVALID_INPUT} ({@code must not be null}), a set {@code current} fails as a second call.
     *
     * @param <T> the type of the value
     * @param current the current
     * @param value the new value
     * @param builder the builder
     * @param field the field the problem is in
     * @return the t
     */
    public static <T> T first(@Nullable T current, @Nullable T value, String builder, String field) {
        if (value == null) {
            throw SilasException.invalid(field, "must not be null");
        }
        if (current != null) {
            throw twice(builder, field);
        }
        return value;
    }

    private static SilasException twice(String builder, String setter) {
        return new SilasException(ErrorCode.CONFIG_INVALID, builder + ": " + setter + " set twice");
    }
}
