package io.silas.core.connection;

import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import io.silas.core.error.SilasException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a registered connection needs to run its scripts again after a restart: the scope that owns it (its failure
 * and reconnect cards go to that scope's recipient) and the {@code CREDENTIAL_REF_*} environment its scripts get.
 * Kept by the {@link ConnectionRegistry} next to the {@link Connection} record, not inside it, so the record that
 * hosts list and show never carries refs.
 *
 * <p>Security guarantees: holds secret-store refs (opaque ids such as {@code secure-input/<ref_id>}), never a secret
 * value; the values stay in the {@code SecretStore}. Every name carries {@link SkillScripts#CREDENTIAL_REF_PREFIX}
 * and is an upper-case environment name, so nothing else can reach a script's environment through this record.
 *
 * @param scopeId the scope that set the connection up
 * @param refs {@code CREDENTIAL_REF_<NAME>} to secret-store ref; sorted by name
 */
public record CredentialRefs(String scopeId, Map<String, String> refs) {
    private static final Pattern NAME = Pattern.compile(SkillScripts.CREDENTIAL_REF_PREFIX + "[A-Z0-9_]+");

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param scopeId the scope that set the connection up
     * @param refs    {
     */
    public CredentialRefs {
        nonBlank(scopeId, "scope_id");
        nonNull(refs, "refs");
        for (Map.Entry<String, String> e : refs.entrySet()) {
            if (e.getKey() == null || !NAME.matcher(e.getKey()).matches()) {
                throw SilasException.invalid("refs", "names must match " + NAME.pattern());
            }
            nonBlank(e.getValue(), "refs." + e.getKey());
        }
        refs = Collections.unmodifiableMap(new TreeMap<>(refs));
    }
}
