package dev.tailor.store.sql;

import dev.tailor.track.EventLog;
import dev.tailor.track.EventStore.Batch;
import dev.tailor.track.InvalidEvent;
import dev.tailor.track.TrackEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an append does the same on either database: the events table's columns bound in one order for a
 * multi-row insert, the first copy of each event in a call, the failures' row, and each batch's answer from
 * the rows the database says it inserted.
 */
public final class EventRows {

    /** The columns each row binds, in the order {@link #bind} binds them. */
    public static final String COLUMNS = "event_id, user_id, session_id, event, section, time_spent, scroll_depth, goal,"
            + " device, occurred_at, received_at, payload";

    /** One row's placeholders, one per column. */
    public static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** One rejected event's row, bound by {@link #bindFailure}. */
    public static final String INSERT_FAILED = "insert into failed_events (received_at, field, reason, payload, user_id)"
            + " values (?, ?, ?, ?, ?)";

    private EventRows() {}

    /** An event's identity: the unique key of the events table. */
    public record Key(String userId, String eventId) {
        public static Key of(TrackEvent e) {
            return new Key(e.userId(), e.eventId());
        }
    }

    /**
     * The call's events without their second copies (a second copy in one call is a duplicate of the first, so
     * each row the database returns names exactly one event of the call), their keys (for {@link #answers} when
     * the database inserted every first copy; answering empties the set), how many events it holds in all, and
     * its rejected events.
     */
    public record Call(List<TrackEvent> firstCopies, Set<Key> keys, int events, List<InvalidEvent> failures) {
        /** Whether the call holds no event twice: then each batch's first copies are all its events. */
        public boolean noCopies() {
            return events == firstCopies.size();
        }

        public static Call of(List<Batch> batches) {
            int events = 0;
            for (Batch batch : batches) {
                events += batch.events().size();
            }
            Set<Key> inCall = new HashSet<>(Math.max(16, (int) (events / 0.75f) + 1)); // sized once: no rehash
            List<TrackEvent> firstCopies = new ArrayList<>();
            List<InvalidEvent> failures = new ArrayList<>();
            for (Batch batch : batches) {
                for (TrackEvent e : batch.events()) {
                    if (inCall.add(Key.of(e))) {
                        firstCopies.add(e);
                    }
                }
                failures.addAll(batch.failures());
            }
            return new Call(firstCopies, inCall, events, failures);
        }
    }

    /** Adds the keys an {@code insert … returning user_id, event_id} names. */
    public static void readInserted(ResultSet returned, Set<Key> inserted) throws SQLException {
        while (returned.next()) {
            inserted.add(new Key(returned.getString(1), returned.getString(2)));
        }
    }

    public static void bindFailure(PreparedStatement insert, InvalidEvent failure, long receivedAt) throws SQLException {
        insert.setLong(1, receivedAt);
        insert.setString(2, failure.field());
        insert.setString(3, failure.reason());
        insert.setString(4, failure.payload());
        insert.setString(5, failure.userId());
    }

    /**
     * Each batch's answer when the database inserted every event of the call and none came twice (the usual case,
     * which a store can tell from row counts alone): all stored, no duplicate.
     */
    public static List<EventLog.Appended> allStored(List<Batch> batches) {
        List<EventLog.Appended> out = new ArrayList<>(batches.size());
        for (Batch batch : batches) {
            out.add(new EventLog.Appended(batch.events(), List.of(), batch.failures().size()));
        }
        return out;
    }

    /** Each batch's answer: the events the database inserted are stored, every other one is a duplicate. */
    public static List<EventLog.Appended> answers(List<Batch> batches, Set<Key> inserted) {
        List<EventLog.Appended> out = new ArrayList<>(batches.size());
        for (Batch batch : batches) {
            List<TrackEvent> stored = new ArrayList<>(batch.events().size());
            List<String> duplicates = new ArrayList<>();
            for (TrackEvent e : batch.events()) {
                if (inserted.remove(Key.of(e))) { // removed: a later copy in this call is a duplicate
                    stored.add(e);
                } else {
                    duplicates.add(e.eventId());
                }
            }
            out.add(new EventLog.Appended(stored, duplicates, batch.failures().size()));
        }
        return out;
    }

    /** Binds the events one row after the other, from the statement's first parameter. */
    public static void bind(PreparedStatement insert, List<TrackEvent> events, long receivedAt) throws SQLException {
        int p = 1;
        for (TrackEvent e : events) {
            insert.setString(p++, e.eventId());
            insert.setString(p++, e.userId());
            insert.setString(p++, e.sessionId());
            insert.setString(p++, e.event());
            insert.setString(p++, e.section());
            insert.setDouble(p++, e.timeSpent());
            insert.setDouble(p++, e.scrollDepth());
            insert.setString(p++, e.goal());
            insert.setString(p++, e.device());
            insert.setLong(p++, e.occurredAt());
            insert.setLong(p++, receivedAt);
            insert.setString(p++, e.payload());
        }
    }
}
