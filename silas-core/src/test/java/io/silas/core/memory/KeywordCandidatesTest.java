package io.silas.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.SilasException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeywordCandidatesTest {

    @Test
    void best_mostKeywordsFirst_tiesInStorageOrder() {
        KeywordCandidates c = new KeywordCandidates();
        for (long seq : new long[] {9, 3, 7, 3, 9, 3, 1}) {
            c.add(seq);
        }
        assertThat(c.best(10)).containsExactly(3, 9, 1, 7);
        assertThat(c.best(2)).containsExactly(3, 9);
        assertThat(c.best(0)).isEmpty();
        assertThat(new KeywordCandidates().best(5)).isEmpty();
    }

    @Test
    void best_equalsARankingByHashMap_onRandomInput() {
        Random random = new Random(27);
        for (int round = 0; round < 200; round++) {
            KeywordCandidates c = new KeywordCandidates();
            Map<Long, Integer> counts = new HashMap<>();
            int adds = random.nextInt(3_000);
            for (int i = 0; i < adds; i++) {
                long seq = random.nextInt(1 + random.nextInt(5_000)) + (round % 2 == 0 ? 0 : (1L << 54));
                c.add(seq);
                counts.merge(seq, 1, Integer::sum);
            }
            List<Map.Entry<Long, Integer>> ranked = new ArrayList<>(counts.entrySet());
            ranked.sort(Comparator.comparing((Map.Entry<Long, Integer> e) -> -e.getValue())
                    .thenComparing(Map.Entry::getKey));
            int limit = random.nextInt(300);
            long[] expected = ranked.stream().limit(limit).mapToLong(Map.Entry::getKey).toArray();
            assertThat(c.best(limit)).containsExactly(expected);
        }
    }

    @Test
    void add_positionOutsideTheSortableRange_refused() {
        KeywordCandidates c = new KeywordCandidates();
        assertThatThrownBy(() -> c.add(-1)).isInstanceOf(SilasException.class);
        assertThatThrownBy(() -> c.add(1L << 55)).isInstanceOf(SilasException.class);
    }
}
