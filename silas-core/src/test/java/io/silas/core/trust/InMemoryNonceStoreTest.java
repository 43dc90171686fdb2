package io.silas.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryNonceStoreTest extends NonceStoreContract {
    @Override
    protected NonceStore newStore() {
        return NonceStore.inMemory();
    }

    @Test
    void answersFromMemory_soTheApprovalEngineRecordsInPlace() {
        assertThat(newStore().waitsOnStorage()).isFalse();
    }
}
