package io.silas.core.trust;

class InMemoryNonceStoreTest extends NonceStoreContract {
    @Override
    protected NonceStore newStore() {
        return NonceStore.inMemory();
    }
}
