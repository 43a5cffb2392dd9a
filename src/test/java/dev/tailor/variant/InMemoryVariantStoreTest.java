package dev.tailor.variant;

class InMemoryVariantStoreTest extends VariantStoreContract {

    @Override
    protected VariantStore newStore() {
        return new InMemoryVariantStore();
    }
}
