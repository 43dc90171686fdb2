package io.silas.core.work;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Parses a markdown plan — YAML front matter between {@code ---} lines, then the prose briefing — into a
 * {@link WorkItem} (docs/plan-format.md). The markdown after the front matter becomes {@code body} (leading
 * blank lines and trailing whitespace removed). Pure: no I/O, no clock ({@code created_at} stays null).
 *
 * <p>Rules: the front matter must be a YAML mapping; duplicate keys, unknown keys, unknown enum values and
 * invalid values are errors; fields the plan does not set take their defaults. A plan cannot set runtime
 * state ({@code approval_token, needs_approval, status, attempts, budget_used, verification_results,
 * created_at}), its {@code scope_id} nor {@code body} (the markdown is the body), so a parsed plan always needs approval.
 * {@code skills} is taken as written; inheriting a parent's skills is the skill resolver's job.
 *
 * <p>Every failure is a {@link SilasException} with {@code INVALID_INPUT} whose message names the field: a
 * value rejected by a record reads like {@code expect: exactly one predicate must be set, found 2 (at
 * verify[1].expect)}, a mapping failure like {@code gates[0].on: ...}, a YAML syntax error like
 * {@code front_matter line 7: ...} (lines counted from the plan's first line). Thread-safe.
 */
public final class PlanParser {
    /** Upper bound on the size of a plan, in characters. */
    public static final int MAX_PLAN_CHARS = 1_000_000;

    private static final Set<String> RUNTIME_FIELDS = Set.of("approval_token", "needs_approval", "status",
            "attempts", "budget_used", "verification_results", "created_at", "body", "scope_id");
    private static final ObjectReader YAML = Json.yamlMapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private PlanParser() {
    }

    /**
     * Parses a markdown plan into a work item.
     *
     * @param markdown the markdown
     * @return the work item
     */
    public static WorkItem parse(String markdown) {
        if (markdown == null) {
            throw SilasException.invalid("plan", "is required");
        }
        if (markdown.length() > MAX_PLAN_CHARS) {
            throw SilasException.invalid("plan", "longer than " + MAX_PLAN_CHARS + " characters");
        }
        String text = markdown.startsWith("\uFEFF") ? markdown.substring(1) : markdown;
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).stripTrailing().equals("---")) {
            throw SilasException.invalid("front_matter", "a plan must start with a '---' line");
        }
        int end = -1;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).stripTrailing();
            if (line.equals("---") || line.equals("...")) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw SilasException.invalid("front_matter", "missing closing '---' line");
        }
        ObjectNode front = readFrontMatter(String.join("\n", lines.subList(1, end)));
        for (Iterator<String> it = front.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (RUNTIME_FIELDS.contains(field)) {
                throw SilasException.invalid(field, "cannot be set by a plan");
            }
        }
        front.put("body", body(lines.subList(end + 1, lines.size())));
        return toWorkItem(front);
    }

    /** Reads the YAML between the delimiters; reported line numbers count from the plan's first line. */
    private static ObjectNode readFrontMatter(String yaml) {
        JsonNode node;
        try {
            node = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc != null && loc.getLineNr() > 0 ? " line " + (loc.getLineNr() + 1) : "";
            throw new SilasException(ErrorCode.INVALID_INPUT, "front_matter" + where + ": " + firstLine(e), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new SilasException(ErrorCode.INVALID_INPUT, "front_matter: unreadable YAML", null);
        }
        if (node == null || !node.isObject()) {
            throw SilasException.invalid("front_matter", "must be a YAML mapping");
        }
        return (ObjectNode) node;
    }

    private static WorkItem toWorkItem(ObjectNode front) {
        try {
            return Json.strictMapper().treeToValue(front, WorkItem.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw located(e);
        }
    }

    /**
     * Adds the front-matter path to a failure: a record's own validation message (which starts with the field
     * name) gets {@code " (at path)"} appended; a mapping failure is prefixed with the path.
     */
    private static SilasException located(Exception e) {
        String path = e instanceof JsonMappingException jme ? path(jme.getPath()) : "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SilasException se) {
                String message = se.getMessage();
                return new SilasException(ErrorCode.INVALID_INPUT,
                        path.isEmpty() ? message : message + " (at " + path + ")", se);
            }
        }
        return new SilasException(ErrorCode.INVALID_INPUT, (path.isEmpty() ? "front_matter" : path) + ": "
                + firstLine(e), e);
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return "malformed";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String body(List<String> lines) {
        int from = 0;
        while (from < lines.size() && lines.get(from).isBlank()) {
            from++;
        }
        return String.join("\n", lines.subList(from, lines.size())).stripTrailing();
    }
}
