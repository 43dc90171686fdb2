package io.silas.core.work;

class InMemoryWorkItemStoreTest extends WorkItemStoreContract {
    @Override
    protected WorkItemStore newStore() {
        return WorkItemStore.inMemory();
    }
}
