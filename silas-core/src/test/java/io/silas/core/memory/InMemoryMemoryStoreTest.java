package io.silas.core.memory;

class InMemoryMemoryStoreTest extends MemoryStoreContract {
    @Override
    protected MemoryStore newStore() {
        return MemoryStore.inMemory();
    }
}
