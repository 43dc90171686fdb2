package io.silas.core.approval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.json.JsonValues;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A signed approval (docs/contracts.md#keys-approvals-and-nonces). The owner's Ed25519 signature covers exactly the ten
 * fields of {@link #signedPayload()}; {@code executions_used} and {@code execution_nonces} are runtime state.
 * {@code signature} is raw bytes in memory and standard padded base64 in JSON; an unsigned token (empty
 * signature) exists only between minting and signing.
 *
 * <p>Validation: {@code plan_hash} is 64 lower-case hex; {@code expires_at} is after {@code issued_at};
 * {@code 1 <= max_executions}; {@code 0 <= executions_used <= max_executions} with exactly one distinct
 * execution nonce per use; a {@code standing} token carries {@code conditions.spawn_policy_hash}
 * (64 hex); the signature is empty or 64 bytes.
 *
 * <p>JSON is read strictly — every field required, no unknown field, exact wire spellings, canonical
 * base64 — whatever mapper is used, because a token is security-critical input.
 *
 * <p>Immutable and thread-safe: byte arrays and JSON values are copied in and out; consuming an execution
 * returns a new token ({@link #withConsumedExecution(String)}) that the caller persists.
 *
 * <p><b>Security guarantees:</b> this record only holds and validates data. Authorisation is decided by the
 * approval engine (signature, hash binding, expiry, execution count, nonce replay); a token whose verdict
 * is not {@code approved} authorises nothing.
 */
public record ApprovalToken(String tokenId, String planHash, String workItemId, ApprovalScope scope,
                            ApprovalVerdict verdict, String nonce, ApprovalStrength approvalStrength,
                            Instant issuedAt, Instant expiresAt, int maxExecutions, Map<String, JsonNode> conditions,
                            byte[] signature, int executionsUsed, List<String> executionNonces) {
    /** The condition key binding a standing token to its goal's spawn policy. */
    public static final String SPAWN_POLICY_HASH = "spawn_policy_hash";
    /** Length of a raw Ed25519 signature. */
    public static final int SIGNATURE_LENGTH = 64;

    private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");
    private static final List<String> JSON_FIELDS = List.of("token_id", "plan_hash", "work_item_id", "scope",
            "verdict", "nonce", "approval_strength", "issued_at", "expires_at", "max_executions", "conditions",
            "signature", "executions_used", "execution_nonces");

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param tokenId          the token id
     * @param planHash         the plan hash shown to the user and bound by the token that follows approval
     * @param workItemId       the work item
     * @param scope            the scope the token will carry
     * @param verdict          the verdict
     * @param nonce            single-use nonce for replay protection
     * @param approvalStrength the approval strength
     * @param issuedAt         the issued at
     * @param expiresAt        the expires at
     * @param maxExecutions    executions of a single-use token (1)
     * @param conditions       the conditions
     * @param signature        raw Ed25519 signature (64 bytes when well formed)
     * @param executionsUsed   the executions used
     * @param executionNonces  the execution nonces
     */
    public ApprovalToken {
        nonBlank(tokenId, "token_id");
        if (planHash == null || !HEX_64.matcher(planHash).matches()) {
            throw SilasException.invalid("approval_token.plan_hash", "must be 64 lower-case hex characters");
        }
        nonBlank(workItemId, "work_item_id");
        nonBlank(nonce, "nonce");
        if (scope == null || verdict == null || approvalStrength == null) {
            throw SilasException.invalid("approval_token." + (scope == null ? "scope"
                    : verdict == null ? "verdict" : "approval_strength"), "is required");
        }
        if (issuedAt == null || expiresAt == null) {
            throw SilasException.invalid("approval_token." + (issuedAt == null ? "issued_at" : "expires_at"),
                    "is required");
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw SilasException.invalid("approval_token.expires_at", "must be after issued_at");
        }
        if (maxExecutions < 1) {
            throw SilasException.invalid("approval_token.max_executions", "must be >= 1");
        }
        conditions = JsonValues.copyIn(conditions, "approval_token.conditions");
        if (scope == ApprovalScope.STANDING) {
            JsonNode bound = conditions.get(SPAWN_POLICY_HASH);
            if (bound == null || !bound.isTextual() || !HEX_64.matcher(bound.textValue()).matches()) {
                throw SilasException.invalid("approval_token.conditions.spawn_policy_hash",
                        "is required (64 hex) for standing tokens");
            }
        }
        signature = signature == null ? new byte[0] : signature.clone();
        if (signature.length != 0 && signature.length != SIGNATURE_LENGTH) {
            throw SilasException.invalid("approval_token.signature", "must be empty or 64 bytes");
        }
        if (executionsUsed < 0 || executionsUsed > maxExecutions) {
            throw SilasException.invalid("approval_token.executions_used", "must be within [0, max_executions]");
        }
        executionNonces = executionNonces == null ? List.of() : List.copyOf(executionNonces);
        if (executionNonces.size() != executionsUsed) {
            throw SilasException.invalid("approval_token.execution_nonces", "must hold one nonce per execution");
        }
        Set<String> seen = new HashSet<>();
        for (String n : executionNonces) {
            if (n.isBlank() || !seen.add(n)) {
                throw SilasException.invalid("approval_token.execution_nonces", "must be distinct and non-blank");
            }
        }
    }

    /**
     * {@return the signed payload: exactly {@code plan_hash, work_item_id, scope, verdict, nonce, approval_strength, issued_at,
     * expires_at, max_executions, conditions} (docs/contracts.md#keys-approvals-and-nonces), timestamps as ISO-8601
     * UTC} Sign and verify {@code CanonicalJson.bytes(token.signedPayload())}. Returns a fresh tree.
     */
    public ObjectNode signedPayload() {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("plan_hash", planHash);
        node.put("work_item_id", workItemId);
        node.put("scope", wire(scope));
        node.put("verdict", wire(verdict));
        node.put("nonce", nonce);
        node.put("approval_strength", wire(approvalStrength));
        node.put("issued_at", issuedAt.toString());
        node.put("expires_at", expiresAt.toString());
        node.put("max_executions", maxExecutions);
        ObjectNode conds = node.putObject("conditions");
        conditions.forEach((k, v) -> conds.set(k, v.deepCopy()));
        return node;
    }

    /** {@return the bound spawn-policy hash of a standing token} */
    public Optional<String> spawnPolicyHash() {
        JsonNode bound = conditions.get(SPAWN_POLICY_HASH);
        return bound != null && bound.isTextual() ? Optional.of(bound.textValue()) : Optional.empty();
    }

    /**
     * {@return whether {@code now} is at or after {@code expires_at}}
     *
     * @param now the current time
     */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /**
     * {@return a copy carrying the given signature}
     *
     * @param newSignature the new signature
     */
    public ApprovalToken withSignature(byte[] newSignature) {
        return new ApprovalToken(tokenId, planHash, workItemId, scope, verdict, nonce, approvalStrength, issuedAt,
                expiresAt, maxExecutions, conditions, newSignature, executionsUsed, executionNonces);
    }

    /**
     * {@return a copy with one more execution consumed under the given fresh execution nonce} Fails with
     * {@code APPROVAL_DENIED} when the token is used up and {@code INVALID_INPUT} for a reused nonce.
     *
     * @param executionNonce the execution nonce
     */
    public ApprovalToken withConsumedExecution(String executionNonce) {
        if (executionsUsed >= maxExecutions) {
            throw new SilasException(io.silas.core.error.ErrorCode.APPROVAL_DENIED,
                    "approval token " + tokenId + " has no executions left");
        }
        nonBlank(executionNonce, "execution_nonce");
        if (executionNonces.contains(executionNonce)) {
            throw SilasException.invalid("approval_token.execution_nonces", "execution nonce already consumed");
        }
        List<String> nonces = new ArrayList<>(executionNonces);
        nonces.add(executionNonce);
        return new ApprovalToken(tokenId, planHash, workItemId, scope, verdict, nonce, approvalStrength, issuedAt,
                expiresAt, maxExecutions, conditions, signature, executionsUsed + 1, nonces);
    }

    /** {@return the raw signature bytes (a copy)} */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * Conditions of the approval (a deep copy).
     *
     * @return the json node>
     */
    @Override
    public Map<String, JsonNode> conditions() {
        return JsonValues.copyOut(conditions);
    }

    /**
     * Reads a token from JSON strictly (see class documentation).
     *
     * @param json the JSON text
     * @return the approval token
     */
    public static ApprovalToken fromJson(String json) {
        return Json.readStrict(json, ApprovalToken.class);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ApprovalToken fromTree(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw SilasException.invalid("approval_token", "must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!JSON_FIELDS.contains(name)) {
                throw SilasException.invalid("approval_token." + name, "unknown field");
            }
        }
        for (String name : JSON_FIELDS) {
            if (!node.has(name)) {
                throw SilasException.invalid("approval_token." + name, "is required");
            }
        }
        JsonNode conds = node.get("conditions");
        if (!conds.isObject()) {
            throw SilasException.invalid("approval_token.conditions", "must be an object");
        }
        Map<String, JsonNode> conditionMap = new LinkedHashMap<>();
        conds.properties().forEach(e -> conditionMap.put(e.getKey(), e.getValue()));
        JsonNode nonces = node.get("execution_nonces");
        if (!nonces.isArray()) {
            throw SilasException.invalid("approval_token.execution_nonces", "must be an array of strings");
        }
        List<String> nonceList = new ArrayList<>();
        nonces.forEach(n -> nonceList.add(text(n, "execution_nonces")));
        return new ApprovalToken(text(node.get("token_id"), "token_id"), text(node.get("plan_hash"), "plan_hash"),
                text(node.get("work_item_id"), "work_item_id"),
                wireEnum(ApprovalScope.class, node.get("scope"), "scope"),
                wireEnum(ApprovalVerdict.class, node.get("verdict"), "verdict"),
                text(node.get("nonce"), "nonce"),
                wireEnum(ApprovalStrength.class, node.get("approval_strength"), "approval_strength"),
                instant(node.get("issued_at"), "issued_at"), instant(node.get("expires_at"), "expires_at"),
                integer(node.get("max_executions"), "max_executions"), conditionMap,
                base64(node.get("signature")), integer(node.get("executions_used"), "executions_used"), nonceList);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApprovalToken t
                && tokenId.equals(t.tokenId) && planHash.equals(t.planHash) && workItemId.equals(t.workItemId)
                && scope == t.scope && verdict == t.verdict && nonce.equals(t.nonce)
                && approvalStrength == t.approvalStrength && issuedAt.equals(t.issuedAt)
                && expiresAt.equals(t.expiresAt) && maxExecutions == t.maxExecutions
                && conditions.equals(t.conditions) && Arrays.equals(signature, t.signature)
                && executionsUsed == t.executionsUsed && executionNonces.equals(t.executionNonces);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tokenId, planHash, workItemId, scope, verdict, nonce, approvalStrength, issuedAt,
                expiresAt, maxExecutions, conditions, Arrays.hashCode(signature), executionsUsed, executionNonces);
    }

    @Override
    public String toString() {
        return "ApprovalToken[token_id=" + tokenId + ", work_item_id=" + workItemId + ", scope=" + wire(scope)
                + ", verdict=" + wire(verdict) + ", plan_hash=" + planHash + ", expires_at=" + expiresAt
                + ", executions=" + executionsUsed + "/" + maxExecutions + ", signed=" + (signature.length > 0) + "]";
    }

    private static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static void nonBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw SilasException.invalid("approval_token." + field, "must not be blank");
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isTextual()) {
            throw SilasException.invalid("approval_token." + field, "must be a string");
        }
        return node.textValue();
    }

    private static int integer(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw SilasException.invalid("approval_token." + field, "must be an integer");
        }
        return node.intValue();
    }

    private static Instant instant(JsonNode node, String field) {
        try {
            return Instant.parse(text(node, field));
        } catch (DateTimeParseException e) {
            throw SilasException.invalid("approval_token." + field, "must be an ISO-8601 UTC instant");
        }
    }

    private static <E extends Enum<E>> E wireEnum(Class<E> type, JsonNode node, String field) {
        String value = text(node, field);
        for (E constant : type.getEnumConstants()) {
            if (wire(constant).equals(value)) {
                return constant;
            }
        }
        throw SilasException.invalid("approval_token." + field, "unknown value '" + value + "'");
    }

    private static byte[] base64(JsonNode node) {
        String value = text(node, "signature");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw SilasException.invalid("approval_token.signature", "must be standard base64");
        }
        if (!Base64.getEncoder().encodeToString(bytes).equals(value)) {
            throw SilasException.invalid("approval_token.signature", "must be canonical padded base64");
        }
        return bytes;
    }
}
