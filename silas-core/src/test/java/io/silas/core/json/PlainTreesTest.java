package io.silas.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Json#tree} builds plain values directly; every result must equal the mapper's own conversion. */
class PlainTreesTest {
    private enum Colour { DARK_RED }

    private record Point(int xValue, String label) {
    }

    @Test
    void scalarsMatchTheMapper() {
        for (Object value : List.of("", "plain", "tab\tquote\"back\\slash\u0001", "emoji \uD83D\uDE00 é", true, false,
                0, -7, Integer.MAX_VALUE, 0L, 5L, Long.MIN_VALUE)) {
            assertSameAsMapper(value);
        }
    }

    @Test
    void longsStayLongNodesEvenWhenSmall() {
        assertThat(Json.tree(5L).isLong()).isTrue();
        assertThat(Json.tree(5).isInt()).isTrue();
        assertThat(Json.tree(Map.of("n", 5L))).isNotEqualTo(Json.tree(Map.of("n", 5)));
    }

    @Test
    void collectionsKeepOrderNullsAndNesting() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("zeta", "last key first");
        data.put("alpha", null);
        data.put("list", Arrays.asList("a", null, 3, List.of(), Map.of()));
        data.put("nested", Map.of("inner", List.of(Map.of("deep", true))));
        assertSameAsMapper(data);
        assertThat(Json.tree(data).properties().iterator().next().getKey()).isEqualTo("zeta");
        assertSameAsMapper(List.of());
        assertSameAsMapper(Map.of());
    }

    @Test
    void valuesThatAreNotPlainGoThroughTheMapper() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("record", new Point(3, "p"));
        data.put("enum", Colour.DARK_RED);
        data.put("instant", Instant.parse("2026-11-26T19:00:00.123Z"));
        data.put("double", 1.5);
        data.put("decimal", new BigDecimal("1.50"));
        data.put("set", Set.of("only"));
        data.put("node", TextNode.valueOf("already a node"));
        data.put("int_keys", Map.of(1, "one"));
        data.put("short", (short) 2);
        assertSameAsMapper(data);
        assertThat(Json.tree(data).get("record").has("x_value")).isTrue();
        assertThat(Json.tree(data).get("enum").textValue()).isEqualTo("dark_red");
    }

    @Test
    void nullKeysAreRefusedAsBefore() {
        Map<String, Object> data = new HashMap<>();
        data.put(null, "x");
        assertThatThrownBy(() -> Json.mapper().valueToTree(data)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.tree(data)).isInstanceOf(SilasException.class)
                .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void randomNestedValuesMatchTheMapper() {
        Random random = new Random(20261126);
        for (int i = 0; i < 2_000; i++) {
            Object value = randomValue(random, 0);
            assertSameAsMapper(value);
            assertThat(CanonicalJson.string(Json.tree(value)))
                    .isEqualTo(CanonicalJson.string(Json.mapper().valueToTree(value)));
        }
    }

    @Test
    void theTreeIsDetachedFromTheInput() {
        List<Object> list = new ArrayList<>(List.of("a"));
        JsonNode tree = Json.tree(list);
        list.add("b");
        assertThat(tree.size()).isEqualTo(1);
    }

    private static void assertSameAsMapper(Object value) {
        JsonNode expected = Json.mapper().valueToTree(value);
        assertThat(Json.tree(value)).isEqualTo(expected);
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth >= 4 ? 7 : 10);
        return switch (kind) {
            case 0 -> null;
            case 1 -> randomString(random);
            case 2 -> random.nextBoolean();
            case 3 -> random.nextInt();
            case 4 -> random.nextLong();
            case 5 -> random.nextInt(100) / 4.0;
            case 6 -> Colour.DARK_RED;
            case 7 -> {
                List<Object> list = new ArrayList<>();
                for (int n = random.nextInt(4); n > 0; n--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            case 8 -> new Point(random.nextInt(10), randomString(random));
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int n = random.nextInt(4); n > 0; n--) {
                    map.put(randomString(random), randomValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    private static String randomString(Random random) {
        String alphabet = "ab_Z9 \"\\\n\u00e9\u4e2d";
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(6); n > 0; n--) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
