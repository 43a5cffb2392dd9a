package dev.tailor.store.sqlite;

import dev.tailor.optimize.DecisionStore;
import dev.tailor.optimize.DecisionStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite decision store keeps the decision store contract. */
class SqliteDecisionStoreTest extends DecisionStoreContract {

    @TempDir
    Path dir;

    private Database db;

    @Override
    protected DecisionStore newStore() {
        db = Database.open(dir.resolve("tailor.db"));
        return new SqliteDecisionStore(db);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }
}
