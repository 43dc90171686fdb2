package io.silas.core.proactivity;

class InMemoryReviewQueueStoreTest extends ReviewQueueStoreContract {
    @Override
    protected ReviewQueueStore newStore() {
        return ReviewQueueStore.inMemory();
    }
}
