package dev.tailor.store.postgres;

import dev.tailor.store.sql.EventRows;
import dev.tailor.track.EventLog;
import dev.tailor.track.EventStore;
import dev.tailor.track.InvalidEvent;
import dev.tailor.track.TrackEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The event log in the tables {@code events} and {@code failed_events}. A group commit of the
 * event log is one durable transaction holding one multi-row insert per {@value #ROWS_PER_INSERT}
 * events (the duplicates skipped by the per-visitor unique key), whichever node wrote them.
 */
public final class PostgresEventStore implements EventStore {

    /** Rows per insert statement: 12 parameters each, well under PostgreSQL's 65,535 per statement. */
    static final int ROWS_PER_INSERT = 1_000;

    private static final String INSERT_HEAD = "insert into events (" + EventRows.COLUMNS + ") values ";
    private static final String INSERT_ROW = EventRows.ROW;
    private static final String INSERT_TAIL = " on conflict (user_id, event_id) do nothing returning user_id, event_id";

    private final PostgresDatabase db;

    public PostgresEventStore(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public List<EventLog.Appended> append(List<Batch> batches, long receivedAt) {
        EventRows.Call call = EventRows.Call.of(batches);
        List<TrackEvent> firstCopies = call.firstCopies();
        List<InvalidEvent> failures = call.failures();
        Set<EventRows.Key> inserted = db.transaction(connection -> {
            Set<EventRows.Key> out = new HashSet<>();
            for (int from = 0; from < firstCopies.size(); from += ROWS_PER_INSERT) {
                insertEvents(connection, firstCopies.subList(from, Math.min(firstCopies.size(), from + ROWS_PER_INSERT)),
                        receivedAt, out);
            }
            if (!failures.isEmpty()) {
                try (PreparedStatement failed = connection.prepareStatement(EventRows.INSERT_FAILED)) {
                    for (InvalidEvent f : failures) {
                        EventRows.bindFailure(failed, f, receivedAt);
                        failed.addBatch();
                    }
                    failed.executeBatch();
                }
            }
            return out;
        });
        return EventRows.answers(batches, inserted);
    }

    private static void insertEvents(Connection connection, List<TrackEvent> events, long receivedAt, Set<EventRows.Key> inserted)
            throws SQLException {
        StringBuilder sql = new StringBuilder(INSERT_HEAD.length() + events.size() * (INSERT_ROW.length() + 2) + INSERT_TAIL.length());
        sql.append(INSERT_HEAD);
        for (int i = 0; i < events.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(INSERT_ROW);
        }
        sql.append(INSERT_TAIL);
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            EventRows.bind(insert, events, receivedAt);
            try (ResultSet rs = insert.executeQuery()) {
                EventRows.readInserted(rs, inserted);
            }
        }
    }

    @Override
    public List<Sequenced> eventsAfter(long afterSeq, int limit) {
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement(
                    "select * from events where seq > ? order by seq limit ?")) {
                st.setLong(1, afterSeq);
                st.setInt(2, limit);
                List<Sequenced> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Sequenced(rs.getLong("seq"), toEvent(rs)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<TrackEvent> eventsOf(String userId) {
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement("select * from events where user_id = ? order by seq")) {
                st.setString(1, userId);
                List<TrackEvent> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(toEvent(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long count() {
        return countRows("events");
    }

    @Override
    public long failedCount() {
        return countRows("failed_events");
    }

    private long countRows(String table) {
        return db.read(connection -> {
            try (var st = connection.createStatement(); var rs = st.executeQuery("select count(*) from " + table)) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public List<InvalidEvent> failedEvents(int limit) {
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement(
                    "select field, reason, payload, user_id from failed_events order by id desc limit ?")) {
                st.setInt(1, limit);
                List<InvalidEvent> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new InvalidEvent(0, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int erase(String userId) {
        return deleteWhereUser("delete from events where user_id = ?", userId);
    }

    @Override
    public int eraseFailed(String userId) {
        return deleteWhereUser("delete from failed_events where user_id = ?", userId);
    }

    private int deleteWhereUser(String sql, String userId) {
        return db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                st.setString(1, userId);
                return st.executeUpdate();
            }
        });
    }

    @Override
    public EventLog.Expired eraseReceivedBefore(long receivedBeforeMillis) {
        return db.transaction(connection -> {
            Set<String> users = new TreeSet<>();
            int events = 0;
            // one statement: the users named are exactly those whose rows this transaction deleted
            try (PreparedStatement st = connection.prepareStatement(
                    "delete from events where received_at < ? returning user_id")) {
                st.setLong(1, receivedBeforeMillis);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        users.add(rs.getString(1));
                        events++;
                    }
                }
            }
            int failed;
            try (PreparedStatement st = connection.prepareStatement("delete from failed_events where received_at < ?")) {
                st.setLong(1, receivedBeforeMillis);
                failed = st.executeUpdate();
            }
            return new EventLog.Expired(events, failed, users);
        });
    }

    private static TrackEvent toEvent(ResultSet rs) throws SQLException {
        return new TrackEvent(rs.getString("event_id"), rs.getString("user_id"), rs.getString("session_id"),
                rs.getString("event"), rs.getString("section"), rs.getDouble("time_spent"),
                rs.getDouble("scroll_depth"), rs.getString("goal"), rs.getString("device"),
                rs.getLong("occurred_at"), rs.getString("payload"));
    }
}
