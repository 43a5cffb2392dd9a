package dev.tailor.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.track.EventStore;
import dev.tailor.track.EventStoreContract;
import dev.tailor.track.InvalidEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite event store keeps the event store contract, and what it stored is there after a reopen. */
class SqliteEventStoreTest extends EventStoreContract {

    @TempDir
    Path dir;

    private Database db;

    @Override
    protected EventStore newStore() {
        db = Database.open(dir.resolve("tailor.db"));
        return new SqliteEventStore(db);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void whatWasStoredIsThereAfterTheFileIsOpenedAgain() {
        new SqliteEventStore(db).append(List.of(new EventStore.Batch(List.of(event("e1", "ann")),
                List.of(new InvalidEvent(0, "event", "unknown", "{}", "ann")))), T0);
        db.close();

        db = Database.open(dir.resolve("tailor.db"));
        SqliteEventStore reopened = new SqliteEventStore(db);
        assertThat(reopened.eventsOf("ann")).containsExactly(event("e1", "ann"));
        assertThat(reopened.count()).isEqualTo(1);
        assertThat(reopened.failedCount()).isEqualTo(1);
    }
}
