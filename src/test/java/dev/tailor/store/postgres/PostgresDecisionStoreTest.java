package dev.tailor.store.postgres;

import dev.tailor.optimize.DecisionStore;
import dev.tailor.optimize.DecisionStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL decision store keeps the decision store contract, on a real server. */
class PostgresDecisionStoreTest extends DecisionStoreContract {

    private PostgresDatabase db;

    @Override
    protected DecisionStore newStore() {
        db = TestPostgres.openNewDatabase();
        return new PostgresDecisionStore(db);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }
}
