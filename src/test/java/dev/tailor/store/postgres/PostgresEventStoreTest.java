package dev.tailor.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.track.EventLog;
import dev.tailor.track.EventStore;
import dev.tailor.track.EventStoreContract;
import dev.tailor.track.InvalidEvent;
import dev.tailor.track.TrackEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The PostgreSQL event store keeps the event store contract, on a real server. */
class PostgresEventStoreTest extends EventStoreContract {

    private PostgresDatabase db;

    @Override
    protected EventStore newStore() {
        db = TestPostgres.openNewDatabase();
        return new PostgresEventStore(db);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void aGroupLargerThanOneInsertStatementIsStoredWholeWithItsDuplicatesSkipped() {
        int events = PostgresEventStore.ROWS_PER_INSERT * 2 + 500;
        List<TrackEvent> first = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            first.add(event("e" + i, "user-" + (i % 7)));
        }
        // the second batch repeats the last 10 events of the first, in the same call
        List<TrackEvent> second = new ArrayList<>(first.subList(events - 10, events));
        second.add(event("fresh", "user-1"));
        EventStore store = new PostgresEventStore(db);
        List<EventLog.Appended> out = store.append(List.of(new EventStore.Batch(first, List.of()),
                new EventStore.Batch(second, List.of(new InvalidEvent(0, "event", "unknown", "{}", "ann")))), T0);
        assertThat(out.get(0).stored()).hasSize(events);
        assertThat(out.get(0).duplicateIds()).isEmpty();
        assertThat(out.get(1).stored()).containsExactly(event("fresh", "user-1"));
        assertThat(out.get(1).duplicateIds()).hasSize(10);
        assertThat(store.count()).isEqualTo(events + 1);
        assertThat(store.failedCount()).isEqualTo(1);
    }

    @Test
    void whatWasStoredIsThereWhenTheDatabaseIsOpenedAgainAndTheSchemaIsNotMigratedTwice() throws Exception {
        new PostgresEventStore(db).append(List.of(new EventStore.Batch(List.of(event("e1", "ann")), List.of())), T0);
        PostgresDatabase.Location location = db.location();
        db.close();
        db = PostgresDatabase.open(location);
        assertThat(new PostgresEventStore(db).eventsOf("ann")).containsExactly(event("e1", "ann"));
        Integer migrations = db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("select count(*) from tailor_schema_history where success")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        long scripts;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(
                PostgresEventStoreTest.class.getClassLoader().getResource("db/postgres").toURI()))) {
            scripts = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
        assertThat(migrations).as("each versioned script applied once").isEqualTo((int) scripts).isPositive();
    }
}
