package dev.tailor.store.sqlite;

import dev.tailor.TailorApp;
import dev.tailor.profile.ProfileStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite profile store keeps the profile store contract. */
class SqliteProfileStoreTest extends ProfileStoreContract {

    @TempDir
    Path dir;

    private Database db;

    @Override
    protected Stores newStores() {
        db = Database.open(dir.resolve("tailor.db"));
        return new Stores(new SqliteProfileStore(db, TailorApp.json()), new SqliteEventStore(db));
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }
}
