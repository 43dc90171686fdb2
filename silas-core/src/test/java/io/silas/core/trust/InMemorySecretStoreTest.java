package io.silas.core.trust;

class InMemorySecretStoreTest extends SecretStoreContract {
    @Override
    protected SecretStore newStore() {
        return SecretStore.inMemory();
    }
}
