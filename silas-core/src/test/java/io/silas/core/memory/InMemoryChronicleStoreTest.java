package io.silas.core.memory;

class InMemoryChronicleStoreTest extends ChronicleStoreContract {
    @Override
    protected ChronicleStore newStore() {
        return ChronicleStore.inMemory();
    }
}
