package dev.tailor.store.postgres;

import dev.tailor.variant.VariantStore;
import dev.tailor.variant.VariantStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL variant store keeps the variant store contract, on a real server. */
class PostgresVariantStoreTest extends VariantStoreContract {

    private PostgresDatabase db;

    @Override
    protected VariantStore newStore() {
        db = TestPostgres.openNewDatabase();
        return new PostgresVariantStore(db);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }
}
