package dev.tailor.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventStore} adapter does, as the event log relies on it: one subclass per
 * adapter runs these against it.
 */
public abstract class EventStoreContract {

    protected static final long T0 = 1_740_000_000_000L;

    private EventStore store;

    /** A new, empty store. */
    protected abstract EventStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    protected static TrackEvent event(String id, String user) {
        return new TrackEvent(id, user, "s1", "section_dwell", "hero", 3.5, 40, null, "desktop", T0, "{\"id\":\"" + id + "\"}");
    }

    private static EventStore.Batch batch(TrackEvent... events) {
        return new EventStore.Batch(List.of(events), List.of());
    }

    private static InvalidEvent rejected(String field, String user) {
        return new InvalidEvent(0, field, field + " is wrong", "{\"bad\":\"" + field + "\"}", user);
    }

    private List<TrackEvent> everyEvent() {
        List<TrackEvent> out = new ArrayList<>();
        store.eventsAfter(0, Integer.MAX_VALUE).forEach(s -> out.add(s.event()));
        return out;
    }

    @Test
    void anEmptyStoreHasNothing() {
        assertThat(store.count()).isZero();
        assertThat(store.failedCount()).isZero();
        assertThat(store.eventsAfter(0, 10)).isEmpty();
        assertThat(store.eventsOf("ann")).isEmpty();
        assertThat(store.failedEvents(10)).isEmpty();
    }

    @Test
    void eachBatchIsAnsweredInOrderAndAnEventIdIsUniquePerVisitorAlsoWithinOneAppend() {
        List<EventLog.Appended> answers = store.append(List.of(
                batch(event("e1", "ann"), event("e2", "ann")),
                batch(event("e1", "bob"), event("e1", "ann"))), T0);

        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).stored()).containsExactly(event("e1", "ann"), event("e2", "ann"));
        assertThat(answers.get(0).duplicateIds()).isEmpty();
        assertThat(answers.get(1).stored()).as("bob's e1 is not ann's").containsExactly(event("e1", "bob"));
        assertThat(answers.get(1).duplicateIds()).containsExactly("e1");
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void aResentEventIsStoredOnce() {
        store.append(List.of(batch(event("e1", "ann"))), T0);
        EventLog.Appended again = store.append(List.of(batch(event("e1", "ann"), event("e2", "ann"))), T0 + 1).get(0);

        assertThat(again.stored()).containsExactly(event("e2", "ann"));
        assertThat(again.duplicateIds()).containsExactly("e1");
        assertThat(store.eventsOf("ann")).containsExactly(event("e1", "ann"), event("e2", "ann"));
    }

    @Test
    void storedEventsComeBackFieldForField() {
        TrackEvent full = new TrackEvent("e9", "ann", "s7", "goal", "quick_cta", 12.25, 87.5, "signup", "mobile", T0 - 5,
                "{\"event\":\"goal\"}");
        TrackEvent sparse = new TrackEvent("e10", "ann", null, "page_view", null, 0, -1, null, null, T0, "{}");
        store.append(List.of(batch(full, sparse)), T0);

        assertThat(store.eventsOf("ann")).containsExactly(full, sparse);
    }

    @Test
    void aReplayPagesThroughTheLogInTheOrderItWasWritten() {
        store.append(List.of(batch(event("e1", "ann"), event("e1", "bob"))), T0);
        store.append(List.of(batch(event("e2", "ann")), batch(event("e3", "cy"), event("e2", "bob"))), T0 + 1);

        List<TrackEvent> replayed = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        long after = 0;
        for (List<EventStore.Sequenced> page; !(page = store.eventsAfter(after, 2)).isEmpty(); ) {
            assertThat(page.size()).isLessThanOrEqualTo(2);
            for (EventStore.Sequenced row : page) {
                replayed.add(row.event());
                seqs.add(row.seq());
                after = row.seq();
            }
        }
        assertThat(replayed).containsExactly(event("e1", "ann"), event("e1", "bob"), event("e2", "ann"),
                event("e3", "cy"), event("e2", "bob"));
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void theEventsOfOneVisitorAreTheirsOnlyOldestFirst() {
        store.append(List.of(batch(event("e2", "ann"), event("e1", "bob"), event("e1", "ann"))), T0);

        assertThat(store.eventsOf("ann")).containsExactly(event("e2", "ann"), event("e1", "ann"));
        assertThat(store.eventsOf("nobody")).isEmpty();
    }

    @Test
    void rejectedEventsAreKeptAndCountedNewestFirst() {
        List<EventLog.Appended> answers = store.append(List.of(
                new EventStore.Batch(List.of(event("e1", "ann")), List.of(rejected("time_spent", "ann"))),
                new EventStore.Batch(List.of(), List.of(rejected("event", null), rejected("section", "bob")))), T0);

        assertThat(answers).extracting(EventLog.Appended::failedRecorded).containsExactly(1, 2);
        assertThat(store.failedCount()).isEqualTo(3);
        assertThat(store.failedEvents(10)).containsExactly(rejected("section", "bob"), rejected("event", null),
                rejected("time_spent", "ann"));
        assertThat(store.failedEvents(1)).containsExactly(rejected("section", "bob"));
    }

    @Test
    void erasingAVisitorDeletesTheirEventsAndRejectionsOnly() {
        store.append(List.of(new EventStore.Batch(List.of(event("e1", "ann"), event("e2", "ann"), event("e1", "bob")),
                List.of(rejected("time_spent", "ann"), rejected("event", "bob"), rejected("device", null)))), T0);

        assertThat(store.erase("ann")).isEqualTo(2);
        assertThat(store.eraseFailed("ann")).isEqualTo(1);

        assertThat(store.eventsOf("ann")).isEmpty();
        assertThat(everyEvent()).containsExactly(event("e1", "bob"));
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.failedEvents(10)).containsExactly(rejected("device", null), rejected("event", "bob"));
        assertThat(store.erase("ann")).isZero();
        assertThat(store.eraseFailed("ann")).isZero();
    }

    @Test
    void afterErasureTheVisitorsEventIdsAreFreeAndNoPlaceInTheLogIsReused() {
        store.append(List.of(batch(event("e1", "bob"), event("e1", "ann"))), T0);
        long lastSeq = store.eventsAfter(0, 10).get(1).seq();
        store.erase("ann");

        EventLog.Appended resent = store.append(List.of(batch(event("e1", "ann"))), T0 + 1).get(0);

        assertThat(resent.stored()).containsExactly(event("e1", "ann"));
        List<EventStore.Sequenced> log = store.eventsAfter(0, 10);
        assertThat(log).extracting(EventStore.Sequenced::event).containsExactly(event("e1", "bob"), event("e1", "ann"));
        assertThat(log.get(1).seq()).isGreaterThan(lastSeq);
    }

    @Test
    void aDuplicateIsToldApartFromANewEventAfterTheNewestEventsWereErased() {
        store.append(List.of(batch(event("e1", "bob"), event("e1", "ann"), event("e2", "ann"))), T0);
        store.erase("ann"); // the newest rows: the log's last place is now below the highest ever given

        EventLog.Appended mixed = store.append(List.of(batch(event("e1", "bob"), event("e2", "ann"), event("e1", "bob"))),
                T0 + 1).get(0);

        assertThat(mixed.stored()).containsExactly(event("e2", "ann"));
        assertThat(mixed.duplicateIds()).containsExactly("e1", "e1");
        assertThat(store.count()).isEqualTo(2);
    }

    @Test
    void retentionDeletesWhatWasReceivedBeforeTheCutoffAndSaysWhoseEventsWent() {
        store.append(List.of(new EventStore.Batch(List.of(event("e1", "ann"), event("e1", "bob")),
                List.of(rejected("event", "cy")))), T0);
        store.append(List.of(new EventStore.Batch(List.of(event("e2", "ann"), event("e1", "dan")),
                List.of(rejected("section", "ann")))), T0 + 10);

        EventLog.Expired expired = store.eraseReceivedBefore(T0 + 10);

        assertThat(expired.events()).isEqualTo(2);
        assertThat(expired.failedEvents()).isEqualTo(1);
        assertThat(expired.users()).containsExactly("ann", "bob");
        assertThat(everyEvent()).containsExactly(event("e2", "ann"), event("e1", "dan"));
        assertThat(store.failedEvents(10)).containsExactly(rejected("section", "ann"));
        assertThat(store.count()).isEqualTo(2);
        assertThat(store.failedCount()).isEqualTo(1);

        EventLog.Expired nothing = store.eraseReceivedBefore(T0 + 10);
        assertThat(nothing.events()).isZero();
        assertThat(nothing.users()).isEmpty();
    }

    @Test
    void aLargeGroupIsAnsweredEventForEventWithDuplicatesAnywhereInIt() {
        store.append(List.of(batch(event("e7", "ann"), event("e150", "ann"))), T0);
        // 203 events in three batches: more than one insert statement's worth in every adapter's split, with
        // copies of stored events and of events earlier in the same call at both ends
        List<TrackEvent> first = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            first.add(event("e" + i, "ann"));
        }
        List<TrackEvent> second = new ArrayList<>();
        for (int i = 100; i < 180; i++) {
            second.add(event("e" + i, "ann"));
        }
        List<EventLog.Appended> answers = store.append(List.of(new EventStore.Batch(first, List.of()),
                new EventStore.Batch(second, List.of()), batch(event("e0", "bob"), event("e0", "ann"), event("e180", "ann"))), T0);

        assertThat(answers.get(0).duplicateIds()).containsExactly("e7");
        assertThat(answers.get(0).stored()).hasSize(119).doesNotContain(event("e7", "ann"));
        assertThat(answers.get(1).duplicateIds()).as("e100-e119 came in the first batch, e150 was stored before")
                .hasSize(21).contains("e100", "e119", "e150");
        assertThat(answers.get(1).stored()).hasSize(59).startsWith(event("e120", "ann")).endsWith(event("e179", "ann"));
        assertThat(answers.get(2).stored()).containsExactly(event("e0", "bob"), event("e180", "ann"));
        assertThat(answers.get(2).duplicateIds()).containsExactly("e0");
        assertThat(store.count()).isEqualTo(2 + 119 + 59 + 2);
        assertThat(store.eventsOf("ann")).hasSize(2 + 119 + 59 + 1).doesNotHaveDuplicates();
    }
}
