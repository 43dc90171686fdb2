package io.silas.core.context;

class InMemoryChronicleStoreTest extends ChronicleStoreContract {
    @Override
    protected ChronicleStore newStore() {
        return ChronicleStore.inMemory();
    }
}
