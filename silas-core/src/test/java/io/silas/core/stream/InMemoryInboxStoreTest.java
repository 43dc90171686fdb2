package io.silas.core.stream;

import io.silas.core.context.ChronicleStore;
import io.silas.core.memory.MemoryStore;

class InMemoryInboxStoreTest extends InboxStoreContract {
    @Override
    protected Stores newStores() {
        ChronicleStore chronicle = ChronicleStore.inMemory();
        MemoryStore memory = MemoryStore.inMemory();
        return new Stores(InboxStore.inMemory(chronicle, memory), chronicle, memory);
    }
}
