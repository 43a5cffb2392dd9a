package dev.tailor.store.sqlite;

import dev.tailor.store.sql.SqlErasureMarks;
import dev.tailor.stream.ErasureMarks;
import dev.tailor.stream.ErasureMarksContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite erasure marks keep the contract. */
class SqliteErasureMarksTest extends ErasureMarksContract {

    @TempDir
    Path dir;

    private Database db;

    @Override
    protected ErasureMarks newMarks() {
        db = Database.open(dir.resolve("tailor.db"));
        return new SqlErasureMarks(db);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }
}
