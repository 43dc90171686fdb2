package io.silas.postgres;

import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the {@code tsvector} and {@code tsquery} literals of memory search from the SDK's own word splitting
 * ({@link MemoryStore#words}), so that PostgreSQL compares exactly the words the in-memory store compares: the
 * literals are cast with {@code ::tsvector} / {@code ::tsquery}, which take lexemes as given (no parser, no
 * dictionary, no stemming), and user text can only ever be a quoted lexeme, never an operator.
 */
final class SearchTerms {
    /** PostgreSQL's limits: lexeme bytes, positions per lexeme, highest position. */
    private static final int MAX_LEXEME_BYTES = 2046;
    private static final int MAX_POSITIONS = 256;
    private static final int MAX_POSITION = 16383;

    private SearchTerms() {
    }

    /** The {@code tsvector} literal of the memory's content and semantic tags. */
    static String vector(MemoryItem item) {
        List<String> words = new ArrayList<>(MemoryStore.words(item.content()));
        for (String tag : item.semanticTags()) {
            words.addAll(MemoryStore.words(tag));
        }
        Map<String, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (fits(word)) {
                List<Integer> at = positions.computeIfAbsent(word, w -> new ArrayList<>());
                if (at.size() < MAX_POSITIONS) {
                    at.add(Math.min(i + 1, MAX_POSITION));
                }
            }
        }
        return positions.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + e.getValue().stream().distinct().map(String::valueOf)
                        .collect(Collectors.joining(",")))
                .collect(Collectors.joining(" "));
    }

    /** The {@code tsquery} literal matching any of the keywords; empty when none can be indexed. */
    static String anyOf(List<String> keywords) {
        return keywords.stream().filter(SearchTerms::fits).map(SearchTerms::quote).collect(Collectors.joining(" | "));
    }

    private static boolean fits(String word) {
        return !word.isEmpty() && word.getBytes(StandardCharsets.UTF_8).length <= MAX_LEXEME_BYTES;
    }

    private static String quote(String lexeme) {
        return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
