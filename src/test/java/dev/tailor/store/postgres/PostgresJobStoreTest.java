package dev.tailor.store.postgres;

import dev.tailor.TailorApp;
import dev.tailor.optimize.JobStore;
import dev.tailor.optimize.JobStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL job store keeps the job store contract, on a real server. */
class PostgresJobStoreTest extends JobStoreContract {

    private PostgresDatabase db;

    @Override
    protected JobStore newStore() {
        db = TestPostgres.openNewDatabase();
        return new PostgresJobStore(db, TailorApp.json());
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }
}
