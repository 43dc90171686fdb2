package io.silas.core.connection;

import static io.silas.core.error.Checks.list;
import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A connection skill found by {@link SkillScripts}: the front matter of its {@code SKILL.md} ({@code name},
 * {@code type: connection}, {@code auth_strategy}, {@code initial_permissions}, {@code available_permissions})
 * and the real path of its directory.
 *
 * <p>Security guarantees: {@code name} is a flat name ({@code [A-Za-z0-9][A-Za-z0-9_-]{0,127}}), equal to the
 * directory name; {@code directory} is the resolved real path, inside the skills directory.
 *
 * @param name skill name (the directory name)
 * @param authStrategy how the service authenticates
 * @param initialPermissions service scopes requested at first setup
 * @param availablePermissions service scopes the skill could request later
 * @param directory real path of the skill directory
 */
public record ConnectionSkill(String name, AuthStrategy authStrategy, List<String> initialPermissions,
                              List<String> availablePermissions, Path directory) {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param name                 skill name (the directory name)
     * @param authStrategy         how the service authenticates
     * @param initialPermissions   service scopes requested at first setup
     * @param availablePermissions service scopes the skill could request later
     * @param directory            real path of the skill directory /
public
     */
    public ConnectionSkill {
        nonBlank(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw SilasException.invalid("name", "must be a flat skill name [A-Za-z0-9][A-Za-z0-9_-]{0,127}");
        }
        nonNull(authStrategy, "auth_strategy");
        initialPermissions = list(initialPermissions, "initial_permissions");
        availablePermissions = list(availablePermissions, "available_permissions");
        nonNull(directory, "directory");
    }
}
