package io.silas.core.approval;

import io.silas.core.trust.NonceStore;

/** {@link ApprovalEngineContract} over the in-memory nonce store. */
class InMemoryApprovalEngineTest extends ApprovalEngineContract {
    @Override
    protected NonceStore newNonceStore() {
        return NonceStore.inMemory();
    }
}
