package dev.tailor.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.store.sqlite.Database;
import dev.tailor.store.sqlite.SqliteEventStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event log's writer thread survives whatever a job throws, and its counters follow the table. */
class EventLogWriterTest {

    @TempDir
    Path dir;

    private static TrackEvent event(String id, String user) {
        return new TrackEvent(id, user, "s1", "page_view", "hero", 3, -1, null, "desktop", 1_000, "{}");
    }

    @Test
    void aThrowingOnStoredDoesNotKillTheWriterAndLaterAppendsComplete() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (Database db = Database.open(dir.resolve("t.db"));
             EventLog log = new EventLog(new SqliteEventStore(db), Clock.systemUTC(), stored -> {
                 calls.incrementAndGet();
                 throw new IllegalStateException("the profile engine broke");
             })) {
            // the events are durable: the append that triggered the failure is answered as stored
            EventLog.Appended first = log.append(List.of(event("e1", "ann")), List.of()).get(5, TimeUnit.SECONDS);
            assertThat(first.stored()).hasSize(1);

            for (int i = 2; i <= 20; i++) {
                EventLog.Appended later = log.append(List.of(event("e" + i, "ann")), List.of()).get(5, TimeUnit.SECONDS);
                assertThat(later.stored()).hasSize(1);
            }
            assertThat(calls.get()).isEqualTo(20);
            assertThat(log.writerAlive()).isTrue();
            assertThat(log.onStoredFailures()).isEqualTo(20);
            assertThat(log.eventsOf("ann")).hasSize(20);
        }
    }

    @Test
    void whenTheWriterCannotKeepUpAnAppendBeyondTheWaitingBoundFailsAtOnceAndTheQueuedOnesAreStored() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"));
             EventLog log = new EventLog(new SqliteEventStore(db), Clock.systemUTC(), stored -> { })) {
            CountDownLatch writerBusy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            var slow = log.exclusive(() -> { // the writer is held, as by a disk that does not keep up
                writerBusy.countDown();
                try {
                    return release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(writerBusy.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<EventLog.Appended>> queued = new ArrayList<>();
            for (int i = 0; i < EventLog.MAX_WAITING; i++) {
                queued.add(log.append(List.of(event("e" + i, "ann")), List.of()));
            }
            CompletableFuture<EventLog.Appended> oneTooMany = log.append(List.of(event("over", "ann")), List.of());
            assertThat(oneTooMany).isCompletedExceptionally();
            assertThatThrownBy(oneTooMany::get).hasMessageContaining(EventLog.MAX_WAITING + " groups of events are already waiting");

            release.countDown();
            assertThat(slow.get(30, TimeUnit.SECONDS)).isTrue();
            for (CompletableFuture<EventLog.Appended> append : queued) {
                assertThat(append.get(30, TimeUnit.SECONDS).stored()).hasSize(1);
            }
            assertThat(log.eventsOf("ann")).hasSize(EventLog.MAX_WAITING);
            assertThat(log.append(List.of(event("later", "ann")), List.of()).get(5, TimeUnit.SECONDS).stored()).hasSize(1);
        }
    }

    @Test
    void anErrorInAnExclusiveTaskFailsOnlyThatTask() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"));
             EventLog log = new EventLog(new SqliteEventStore(db), Clock.systemUTC(), stored -> { })) {
            var broken = log.exclusive(() -> {
                throw new AssertionError("an Error, not an exception");
            });
            var after = log.append(List.of(event("e1", "bob")), List.of());

            assertThatThrownBy(() -> broken.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(AssertionError.class);
            assertThat(after.get(5, TimeUnit.SECONDS).stored()).hasSize(1);
            assertThat(log.writerAlive()).isTrue();
        }
    }

    @Test
    void aClosedLogSaysItsWriterStoppedAndFailsAppendsAtOnce() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            EventLog log = new EventLog(new SqliteEventStore(db), Clock.systemUTC(), stored -> { });
            assertThat(log.writerAlive()).isTrue();
            log.close();
            assertThat(log.writerAlive()).isFalse();
            assertThatThrownBy(() -> log.append(List.of(event("e1", "cy")), List.of()).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void theSameEventIdFromTwoVisitorsIsTwoEventsAndAResendIsOne() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"));
             EventLog log = new EventLog(new SqliteEventStore(db), Clock.systemUTC(), stored -> { })) {
            EventLog.Appended a = log.append(List.of(event("e1", "ann")), List.of()).get(5, TimeUnit.SECONDS);
            EventLog.Appended b = log.append(List.of(event("e1", "bob")), List.of()).get(5, TimeUnit.SECONDS);
            EventLog.Appended again = log.append(List.of(event("e1", "bob")), List.of()).get(5, TimeUnit.SECONDS);

            assertThat(a.stored()).hasSize(1);
            assertThat(b.stored()).as("bob's e1 is not ann's e1").hasSize(1);
            assertThat(again.duplicateIds()).containsExactly("e1");
            assertThat(log.count()).isEqualTo(2);
        }
    }

    @Test
    void theEventCountIsKeptInMemoryAndMatchesTheTableThroughInsertsErasureAndRetention() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        Path file = dir.resolve("t.db");
        try (Database db = Database.open(file)) {
            try (EventLog log = new EventLog(new SqliteEventStore(db), clock, stored -> { })) {
                log.append(List.of(event("e1", "ann"), event("e2", "ann"), event("e1", "bob")),
                        List.of(new InvalidEvent(0, "time_spent", "bad", "{}", "ann"))).get(5, TimeUnit.SECONDS);
                clock.advance(Duration.ofDays(2));
                long cutoff = clock.millis() - 1;
                log.append(List.of(event("e3", "ann"), event("e1", "ann")), List.of()).get(5, TimeUnit.SECONDS);
                assertThat(log.count()).isEqualTo(4).isEqualTo(tableCount(db, "events"));
                assertThat(log.failedCount()).isEqualTo(1).isEqualTo(tableCount(db, "failed_events"));

                log.erase("bob");
                assertThat(log.count()).isEqualTo(3).isEqualTo(tableCount(db, "events"));

                EventLog.Expired expired = log.eraseReceivedBefore(cutoff);
                assertThat(expired.events()).isEqualTo(2);
                assertThat(log.count()).isEqualTo(1).isEqualTo(tableCount(db, "events"));
                assertThat(log.failedCount()).isZero();
            }
            // a new log (a restart) counts the table once
            try (EventLog log = new EventLog(new SqliteEventStore(db), clock, stored -> { })) {
                assertThat(log.count()).isEqualTo(1);
            }
        }
    }

    private static long tableCount(Database db, String table) {
        return db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("select count(*) from " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
