package dev.tailor.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.optimize.JobStore;
import dev.tailor.optimize.JobStoreContract;
import dev.tailor.optimize.JobStage;
import dev.tailor.optimize.OptimizationJob;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteJobStoreTest extends JobStoreContract {

    @TempDir
    Path dir;

    private Database db;

    @Override
    protected JobStore newStore() {
        db = Database.open(dir.resolve("tailor.db"));
        return new SqliteJobStore(db, TailorApp.json());
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void jobsSurviveARestart() {
        OptimizationJob job = job("j1", "ann", 1_000).entering(JobStage.GENERATING, 1_001);
        new SqliteJobStore(db, TailorApp.json()).save(job);
        db.close();
        db = Database.open(dir.resolve("tailor.db"));
        assertThat(new SqliteJobStore(db, TailorApp.json()).recent(1)).containsExactly(job);
    }
}
