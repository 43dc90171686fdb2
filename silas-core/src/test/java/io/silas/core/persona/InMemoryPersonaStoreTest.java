package io.silas.core.persona;

class InMemoryPersonaStoreTest extends PersonaStoreContract {
    @Override
    protected PersonaStore newStore() {
        return PersonaStore.inMemory();
    }
}
