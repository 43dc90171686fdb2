package io.silas.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link SecretStore} shares; each implementation's test supplies {@link #newStore()}. */
public abstract class SecretStoreContract {
    /** A new, empty store. */
    protected abstract SecretStore newStore();

    private static SecretValue secret(String s) {
        return SecretValue.copyOf(s.toCharArray());
    }

    private static String reveal(SecretValue v) {
        try (v) {
            return new String(v.revealChars());
        }
    }

    @Test
    void get_afterPut_returnsValue() {
        SecretStore store = newStore();
        try (SecretValue v = secret("s3cr3t-ünïcødé-\uD83D\uDD11")) {
            store.put("conn/notion:token", v);
        }
        assertThat(reveal(store.get("conn/notion:token").orElseThrow())).isEqualTo("s3cr3t-ünïcødé-\uD83D\uDD11");
        assertThat(store.contains("conn/notion:token")).isTrue();
    }

    @Test
    void get_unknownRef_empty() {
        assertThat(newStore().get("nothing-here")).isEmpty();
        assertThat(newStore().contains("nothing-here")).isFalse();
    }

    @Test
    void put_existingRef_replaces() {
        SecretStore store = newStore();
        store.put("api", secret("old"));
        store.put("api", secret("new"));
        assertThat(reveal(store.get("api").orElseThrow())).isEqualTo("new");
    }

    @Test
    void put_callerClosesItsValue_storedCopyUnaffected() {
        SecretStore store = newStore();
        SecretValue mine = secret("kept");
        store.put("api", mine);
        mine.close();
        assertThat(reveal(store.get("api").orElseThrow())).isEqualTo("kept");
    }

    @Test
    void get_returnedValueClosed_storeUnaffected() {
        SecretStore store = newStore();
        store.put("api", secret("value"));
        store.get("api").orElseThrow().close();
        assertThat(reveal(store.get("api").orElseThrow())).isEqualTo("value");
    }

    @Test
    void put_emptySecret_roundTrips() {
        SecretStore store = newStore();
        store.put("empty", secret(""));
        assertThat(reveal(store.get("empty").orElseThrow())).isEmpty();
    }

    @Test
    void delete_removes() {
        SecretStore store = newStore();
        store.put("api", secret("value"));
        assertThat(store.delete("api")).isTrue();
        assertThat(store.delete("api")).isFalse();
        assertThat(store.get("api")).isEmpty();
        assertThat(store.contains("api")).isFalse();
    }

    @Test
    void put_invalidRef_invalidInput() {
        SecretStore store = newStore();
        for (String bad : new String[] {"", " ", "-leading", "has space", "new\nline", "x".repeat(201)}) {
            assertThatThrownBy(() -> store.put(bad, secret("v")))
                    .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        }
        assertThatThrownBy(() -> store.get(null)).isInstanceOf(SilasException.class);
    }

    @Test
    void put_concurrentRefs_allStored() throws Exception {
        SecretStore store = newStore();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                futures.add(pool.submit(() -> store.put("ref-" + n, secret("value-" + n))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 40; i++) {
            assertThat(reveal(store.get("ref-" + i).orElseThrow())).isEqualTo("value-" + i);
        }
    }
}
