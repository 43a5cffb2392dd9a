package dev.tailor.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.variant.Assignment;
import dev.tailor.variant.LiveVariant;
import dev.tailor.variant.VariantStore;
import dev.tailor.variant.VariantStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteVariantStoreTest extends VariantStoreContract {

    @TempDir
    Path dir;

    private Database db;

    @Override
    protected VariantStore newStore() {
        db = Database.open(dir.resolve("tailor.db"));
        return new SqliteVariantStore(db);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void variantsAndAssignmentsSurviveARestart() {
        LiveVariant v = variant("hash-1", "base1", "content-rich", 1_000);
        new SqliteVariantStore(db).save(v);
        new SqliteVariantStore(db).assign(new Assignment("ann", "hash-1", "base1", 1_000));
        db.close();
        db = Database.open(dir.resolve("tailor.db"));
        SqliteVariantStore reopened = new SqliteVariantStore(db);
        assertThat(reopened.variants()).containsExactly(v);
        assertThat(reopened.assignments()).containsExactly(new Assignment("ann", "hash-1", "base1", 1_000));
    }
}
