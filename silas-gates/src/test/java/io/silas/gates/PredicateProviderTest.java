package io.silas.gates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.gate.BlockRange;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.GateType;
import io.silas.core.gate.NumericRange;
import io.silas.core.vocabulary.GateAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PredicateProviderTest {
    private final GateCheckProvider predicate = Gates.predicate();

    private static Gate.Builder gate(GateType type) {
        return Gate.builder("g", GateTrigger.ON_TOOL_CALL).type(type).extract("tool_args.v");
    }

    private static GateContext value(JsonNode v) {
        return GateContext.forToolCall("tool", JsonNodeFactory.instance.objectNode().set("v", v));
    }

    private static GateContext value(String v) {
        return value(TextNode.valueOf(v));
    }

    private GateResult check(Gate gate, GateContext ctx) {
        return predicate.check(gate, ctx);
    }

    @Nested
    class NumericRangeRule {
        private final Gate gate = gate(GateType.NUMERIC_RANGE).block(BlockRange.of(0, 1000))
                .autoApprove(new NumericRange(0, 100)).requireApproval(new NumericRange(100.01, 500)).build();

        @ParameterizedTest
        @CsvSource({"50, CONTINUE", "100, CONTINUE", "250, REQUIRE_APPROVAL", "750, BLOCK", "1001, BLOCK", "-1, BLOCK",
                "'  42 ', CONTINUE", "1e2, CONTINUE"})
        void numericRange_ranges(String v, GateAction expected) {
            assertThat(check(gate, value(v)).action()).isEqualTo(expected);
        }

        @Test
        void numericRange_jsonNumber_evaluated() {
            GateResult r = check(gate, value(IntNode.valueOf(42)));
            assertThat(r.action()).isEqualTo(GateAction.CONTINUE);
            assertThat(r.value().doubleValue()).isEqualTo(42.0);
        }

        @ParameterizedTest
        @CsvSource({"abc", "NaN", "Infinity", "0x10", "12abc", "''"})
        void numericRange_nonNumeric_block(String v) {
            GateResult r = check(gate, value(v));
            assertThat(r.action()).isEqualTo(GateAction.BLOCK);
            assertThat(r.reason()).isEqualTo("Value is not numeric");
        }

        @Test
        void numericRange_outsideHardLimits_blockedEvenIfInAutoApprove() {
            Gate g = gate(GateType.NUMERIC_RANGE).block(BlockRange.of(10, 20)).autoApprove(new NumericRange(0, 100)).build();
            GateResult r = check(g, value("5"));
            assertThat(r.action()).isEqualTo(GateAction.BLOCK);
            assertThat(r.reason()).contains("outside permitted range [10, 20]");
        }

        @Test
        void numericRange_missingValue_block() {
            assertThat(check(gate, GateContext.forToolCall("t", JsonNodeFactory.instance.objectNode())).reason())
                    .isEqualTo("No value to check: tool_args.v");
        }

        @Test
        void numericRange_booleanValue_block() {
            assertThat(check(gate, value(BooleanNode.TRUE)).action()).isEqualTo(GateAction.BLOCK);
        }

        @Test
        void clamp_aboveMax_clampedMutationAndContinue() {
            Gate g = gate(GateType.NUMERIC_RANGE).block(BlockRange.of(0, 10_000)).autoApprove(new NumericRange(0, 25))
                    .config(Map.of("clamp", JsonNodeFactory.instance.objectNode().put("min", 1).put("max", 25))).build();
            GateResult r = check(g, value(IntNode.valueOf(100)));
            assertThat(r.action()).isEqualTo(GateAction.CONTINUE);
            assertThat(r.reason()).startsWith("Clamped 100 to 25");
            assertThat(r.modifiedContext().get("tool_args").get("v").intValue()).isEqualTo(25);
        }

        @Test
        void clamp_hardLimitStillWins() {
            Gate g = gate(GateType.NUMERIC_RANGE).block(BlockRange.of(0, 50)).autoApprove(new NumericRange(0, 25))
                    .config(Map.of("clamp", JsonNodeFactory.instance.objectNode().put("min", 0).put("max", 25))).build();
            assertThat(check(g, value(IntNode.valueOf(100))).action()).isEqualTo(GateAction.BLOCK);
        }

        @Test
        void clamp_withinRange_noMutation() {
            Gate g = gate(GateType.NUMERIC_RANGE).autoApprove(new NumericRange(0, 25))
                    .config(Map.of("clamp", JsonNodeFactory.instance.objectNode().put("min", 0).put("max", 25))).build();
            assertThat(check(g, value(IntNode.valueOf(10))).modifiedContext()).isEmpty();
        }

        @Test
        void clamp_notOnToolArg_blockInvalidConfig() {
            Gate g = Gate.builder("g", GateTrigger.EVERY_USER_MESSAGE).type(GateType.NUMERIC_RANGE)
                    .autoApprove(new NumericRange(0, 25))
                    .config(Map.of("clamp", JsonNodeFactory.instance.objectNode().put("min", 0).put("max", 25))).build();
            assertThat(check(g, GateContext.forMessage("u", "30")).reason()).startsWith("Invalid clamp");
        }
    }

    @Nested
    class StringMatchRule {
        private final Gate gate = gate(GateType.STRING_MATCH).allowedValues(List.of("read", "list"))
                .approvalValues(List.of("delete")).build();

        @ParameterizedTest
        @CsvSource({"read, CONTINUE", "list, CONTINUE", "delete, REQUIRE_APPROVAL", "drop, BLOCK", "READ, BLOCK"})
        void stringMatch_sets(String v, GateAction expected) {
            assertThat(check(gate, value(v)).action()).isEqualTo(expected);
        }

        @Test
        void stringMatch_caseInsensitiveOption() {
            Gate g = gate.toBuilder().config(Map.of("case_sensitive", BooleanNode.FALSE)).build();
            assertThat(check(g, value("READ")).action()).isEqualTo(GateAction.CONTINUE);
            assertThat(check(g, value("Delete")).action()).isEqualTo(GateAction.REQUIRE_APPROVAL);
        }

        @Test
        void stringMatch_defaultValueIsTriggerNatural() {
            Gate g = Gate.builder("tools", GateTrigger.ON_TOOL_CALL).allowedValues(List.of("search")).build();
            assertThat(check(g, GateContext.forToolCall("search", JsonNodeFactory.instance.objectNode())).action())
                    .isEqualTo(GateAction.CONTINUE);
            assertThat(check(g, GateContext.forToolCall("shell", JsonNodeFactory.instance.objectNode())).action())
                    .isEqualTo(GateAction.BLOCK);
        }

        @Test
        void stringMatch_objectValue_block() {
            assertThat(check(gate, value(JsonNodeFactory.instance.objectNode())).reason()).isEqualTo("Value is not a string");
        }
    }

    @Nested
    class RegexRule {
        @Test
        void regex_findAnywhere_default() {
            Gate g = gate(GateType.REGEX).config(Map.of("pattern", TextNode.valueOf("\\d{3}"))).build();
            assertThat(check(g, value("ab123cd")).action()).isEqualTo(GateAction.CONTINUE);
            assertThat(check(g, value("ab12cd")).action()).isEqualTo(GateAction.BLOCK);
        }

        @Test
        void regex_fullMatchOption() {
            Gate g = gate(GateType.REGEX).config(Map.of("pattern", TextNode.valueOf("[a-z]+"),
                    "full_match", BooleanNode.TRUE)).build();
            assertThat(check(g, value("abc")).action()).isEqualTo(GateAction.CONTINUE);
            assertThat(check(g, value("abc1")).action()).isEqualTo(GateAction.BLOCK);
        }

        @Test
        void regex_caseInsensitiveAndPatternFromCheck() {
            Gate g = gate(GateType.REGEX).check("^hello").config(Map.of("case_insensitive", BooleanNode.TRUE)).build();
            assertThat(check(g, value("HELLO world")).action()).isEqualTo(GateAction.CONTINUE);
        }

        @Test
        void regex_multilineAndDotall() {
            Gate multi = gate(GateType.REGEX).check("^b$").config(Map.of("multiline", BooleanNode.TRUE)).build();
            assertThat(check(multi, value("a\nb\nc")).action()).isEqualTo(GateAction.CONTINUE);
            Gate dot = gate(GateType.REGEX).check("a.c").config(Map.of("dotall", BooleanNode.TRUE)).build();
            assertThat(check(dot, value("a\nc")).action()).isEqualTo(GateAction.CONTINUE);
        }

        @Test
        void regex_invalidPattern_blockFailClosed() {
            Gate g = gate(GateType.REGEX).check("([a-z").build();
            GateResult r = check(g, value("abc"));
            assertThat(r.action()).isEqualTo(GateAction.BLOCK);
            assertThat(r.reason()).isEqualTo("Invalid regex");
        }

        @Test
        void regex_noPattern_block() {
            assertThat(check(gate(GateType.REGEX).build(), value("x")).reason()).isEqualTo("Regex gate has no pattern");
        }

        @Test
        void regex_catastrophicBacktracking_blockedByBudget() {
            Gate g = gate(GateType.REGEX).check("(.*a){20}$").build();
            GateResult r = check(g, value("a".repeat(30) + "b"));
            assertThat(r.action()).isEqualTo(GateAction.BLOCK);
            assertThat(r.reason()).contains("step budget");
        }
    }

    @Nested
    class FileValidRule {
        @TempDir
        Path root;
        @TempDir
        Path elsewhere;

        private GateCheckProvider files() {
            return Gates.predicate(List.of(root));
        }

        private GateResult checkPath(Gate gate, String path) {
            return files().check(gate, value(path));
        }

        private Gate fileGate() {
            return gate(GateType.FILE_VALID).build();
        }

        @Test
        void fileValid_existingInside_continue() throws IOException {
            Files.writeString(root.resolve("report.txt"), "hello");
            assertThat(checkPath(fileGate(), root.resolve("report.txt").toString()).action()).isEqualTo(GateAction.CONTINUE);
            assertThat(checkPath(fileGate(), "report.txt").action()).isEqualTo(GateAction.CONTINUE);
        }

        @ParameterizedTest
        @CsvSource({"../etc/passwd", "/etc/shadow", "/etc/passwd", "sub/../../x", "''"})
        void fileValid_outside_block(String path) {
            GateResult r = checkPath(fileGate(), path);
            assertThat(r.action()).isEqualTo(GateAction.BLOCK);
            assertThat(r.reason()).isEqualTo("Path outside permitted directories");
        }

        @Test
        void fileValid_symlinkPointingOutside_block() throws IOException {
            Files.writeString(elsewhere.resolve("secret.txt"), "s");
            Files.createSymbolicLink(root.resolve("link.txt"), elsewhere.resolve("secret.txt"));
            Files.createSymbolicLink(root.resolve("etc"), Path.of("/etc"));
            assertThat(checkPath(fileGate(), "link.txt").reason()).isEqualTo("Path outside permitted directories");
            assertThat(checkPath(fileGate(), "etc/passwd").reason()).isEqualTo("Path outside permitted directories");
            assertThat(checkPath(fileGate(), "etc/does-not-exist").reason()).isEqualTo("Path outside permitted directories");
        }

        @Test
        void fileValid_symlinkInside_followedAndAllowed() throws IOException {
            Files.writeString(root.resolve("real.txt"), "x");
            Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("real.txt"));
            assertThat(checkPath(fileGate(), "alias.txt").action()).isEqualTo(GateAction.CONTINUE);
        }

        @Test
        void fileValid_missing_fileNotFound() {
            assertThat(checkPath(fileGate(), "missing.txt").reason()).isEqualTo("File not found");
            assertThat(checkPath(fileGate(), "no/such/dir/file.txt").reason()).isEqualTo("File not found");
        }

        @Test
        void fileValid_directory_block() throws IOException {
            Files.createDirectory(root.resolve("d"));
            assertThat(checkPath(fileGate(), "d").reason()).isEqualTo("Not a regular file");
        }

        @Test
        void fileValid_maxSize() throws IOException {
            Files.writeString(root.resolve("big.txt"), "0123456789");
            Gate g = gate(GateType.FILE_VALID).config(Map.of("max_size_bytes", IntNode.valueOf(5))).build();
            assertThat(checkPath(g, "big.txt").reason()).startsWith("File exceeds max_size_bytes");
            Gate ok = gate(GateType.FILE_VALID).config(Map.of("max_size_bytes", IntNode.valueOf(10))).build();
            assertThat(checkPath(ok, "big.txt").action()).isEqualTo(GateAction.CONTINUE);
        }

        @Test
        void fileValid_filenamePattern() throws IOException {
            Files.writeString(root.resolve("a.csv"), "x");
            Files.writeString(root.resolve("a.exe"), "x");
            Gate g = gate(GateType.FILE_VALID).config(Map.of("filename_pattern", TextNode.valueOf(".*\\.csv"))).build();
            assertThat(checkPath(g, "a.csv").action()).isEqualTo(GateAction.CONTINUE);
            assertThat(checkPath(g, "a.exe").reason()).isEqualTo("File name not allowed");
        }

        @Test
        void fileValid_noPermittedDirectories_everythingOutside() throws IOException {
            Files.writeString(root.resolve("f.txt"), "x");
            assertThat(predicate.check(fileGate(), value(root.resolve("f.txt").toString())).reason())
                    .isEqualTo("Path outside permitted directories");
        }
    }

    @Test
    void approvalAlways_alwaysRequiresApproval() {
        Gate g = Gate.builder("pay", GateTrigger.ON_TOOL_CALL).type(GateType.APPROVAL_ALWAYS).build();
        assertThat(check(g, GateContext.empty()).action()).isEqualTo(GateAction.REQUIRE_APPROVAL);
        assertThat(check(g, value("anything")).action()).isEqualTo(GateAction.REQUIRE_APPROVAL);
    }

    @Test
    void customCheck_notForPredicate_block() {
        assertThat(check(gate(GateType.CUSTOM_CHECK).build(), value("x")).action()).isEqualTo(GateAction.BLOCK);
    }

    @Test
    void extract_hostValueAndMessage() {
        Gate tier = Gate.builder("tier", GateTrigger.EVERY_USER_MESSAGE).extract("customer_tier")
                .allowedValues(List.of("gold")).build();
        GateContext ctx = GateContext.builder().message("hi").value("customer_tier", "gold").build();
        assertThat(check(tier, ctx).action()).isEqualTo(GateAction.CONTINUE);
        Gate msg = Gate.builder("m", GateTrigger.EVERY_USER_MESSAGE).allowedValues(List.of("hi")).build();
        assertThat(check(msg, ctx).action()).isEqualTo(GateAction.CONTINUE);
    }
}
