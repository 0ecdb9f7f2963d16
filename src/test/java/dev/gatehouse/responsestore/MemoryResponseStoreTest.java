package dev.gatehouse.responsestore;

class MemoryResponseStoreTest extends ResponseStoreContract {

    @Override
    protected ResponseStore store() {
        return new MemoryResponseStore();
    }
}
