package io.silas.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {
    @Test
    void random_isVersion4IetfUuid_inCanonicalForm() {
        IdGenerator ids = IdGenerator.random();
        for (int i = 0; i < 1_000; i++) {
            String id = ids.next();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id)
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
    }

    @Test
    void random_uniqueAcrossThreads_andEveryRandomBitVaries() throws InterruptedException {
        IdGenerator ids = IdGenerator.random();
        Set<String> all = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    all.add(ids.next());
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(all).hasSize(20_000);

        long msbOr = 0;
        long msbAnd = -1;
        long lsbOr = 0;
        long lsbAnd = -1;
        for (String id : new HashSet<>(all)) {
            UUID uuid = UUID.fromString(id);
            msbOr |= uuid.getMostSignificantBits();
            msbAnd &= uuid.getMostSignificantBits();
            lsbOr |= uuid.getLeastSignificantBits();
            lsbAnd &= uuid.getLeastSignificantBits();
        }
        assertThat(msbOr ^ msbAnd).as("only the 4 version bits are fixed").isEqualTo(~0xF000L);
        assertThat(lsbOr ^ lsbAnd).as("only the 2 variant bits are fixed").isEqualTo(~(0xC000_0000_0000_0000L));
    }
}
