package io.silas.core.stream;

import io.silas.core.memory.ChronicleStore;

class InMemoryInboxStoreTest extends InboxStoreContract {
    @Override
    protected Stores newStores() {
        ChronicleStore chronicle = ChronicleStore.inMemory();
        return new Stores(InboxStore.inMemory(chronicle), chronicle);
    }
}
