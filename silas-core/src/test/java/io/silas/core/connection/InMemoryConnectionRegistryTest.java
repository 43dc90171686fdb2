package io.silas.core.connection;

class InMemoryConnectionRegistryTest extends ConnectionRegistryContract {
    @Override
    protected ConnectionRegistry newStore() {
        return ConnectionRegistry.inMemory();
    }
}
