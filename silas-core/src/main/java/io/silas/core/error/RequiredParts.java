package io.silas.core.error;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The required collaborators a builder lacks, all named in one {@code MISSING_COLLABORATOR} error, so a host sees
 * every omission at once instead of one per attempt. Used once per {@code build()} call; not thread-safe.
 */
public final class RequiredParts {
    private final String owner;
    private final List<String> missing = new ArrayList<>();

    private RequiredParts(String owner) {
        this.owner = owner;
    }

    /**
     * Collects for the thing {@code owner} names in the message ({@code "<owner> is missing: a, b"}).
     *
     * @param owner the owner's connections (the same as {@code Stream.builder().ownerConnections(..)})
     * @return the required parts
     */
    public static RequiredParts of(String owner) {
        return new RequiredParts(owner);
    }

    /**
     * Notes {@code name} as missing when {@code value} is null.
     *
     * @param value the new value
     * @param name the name
     * @return the required parts
     */
    public RequiredParts require(@Nullable Object value, String name) {
        if (value == null) {
            missing.add(name);
        }
        return this;
    }

    /** Fails naming every missing part, in the order required; returns when none is missing. */
    public void check() {
        if (!missing.isEmpty()) {
            throw new SilasException(ErrorCode.MISSING_COLLABORATOR,
                    owner + " is missing: " + String.join(", ", missing));
        }
    }
}
