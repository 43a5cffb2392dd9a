package dev.tailor.store.postgres;

import dev.tailor.TailorApp;
import dev.tailor.profile.ProfileStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL profile store keeps the profile store contract, on a real server. */
class PostgresProfileStoreTest extends ProfileStoreContract {

    private PostgresDatabase db;

    @Override
    protected Stores newStores() {
        db = TestPostgres.openNewDatabase();
        return new Stores(new PostgresProfileStore(db, TailorApp.json()), new PostgresEventStore(db));
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }
}
