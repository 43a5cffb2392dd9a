package dev.tailor.store.postgres;

import dev.tailor.store.sql.SqlErasureMarks;
import dev.tailor.stream.ErasureMarks;
import dev.tailor.stream.ErasureMarksContract;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL erasure marks (migration V2) keep the contract, on a real server. */
class PostgresErasureMarksTest extends ErasureMarksContract {

    private PostgresDatabase db;

    @Override
    protected ErasureMarks newMarks() {
        db = TestPostgres.openNewDatabase();
        return new SqlErasureMarks(db);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }
}
