package dev.tailor.store.sqlite;

import dev.tailor.store.sql.EventRows;
import dev.tailor.track.EventLog;
import dev.tailor.track.EventStore;
import dev.tailor.track.InvalidEvent;
import dev.tailor.track.TrackEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The event log in the tables {@code events} and {@code failed_events}. Every write is one
 * durable {@link Database#transaction}.
 */
public final class SqliteEventStore implements EventStore {

    /**
     * The event log. An event id is the client's dedup key, unique per visitor: two visitors (or two
     * API clients) may both send an {@code e1}.
     */
    private static final String EVENTS_TABLE = """
        create table if not exists %s (
          seq integer primary key autoincrement,
          event_id text not null,
          user_id text not null,
          session_id text,
          event text not null,
          section text,
          time_spent real,
          scroll_depth real,
          goal text,
          device text,
          occurred_at integer not null,
          received_at integer not null,
          payload text not null,
          unique (user_id, event_id))""";

    private static final String[] TABLES = {
        EVENTS_TABLE.formatted("events"),
        "create index if not exists events_by_received on events(received_at)",
        """
        create table if not exists failed_events (
          id integer primary key autoincrement,
          received_at integer not null,
          field text not null,
          reason text not null,
          payload text not null,
          user_id text)""",
    };

    /** The tables, and what brings a file of an older Tailor up to date. */
    static final SqliteSchema SCHEMA = connection -> {
        try (Statement st = connection.createStatement()) {
            for (String ddl : TABLES) {
                st.execute(ddl);
            }
        }
        migrate(connection);
    };

    private final Database db;

    public SqliteEventStore(Database db) {
        this.db = db;
    }

    /**
     * Rows per insert statement at most; a group is split into statements of 64, 32, …, 1 rows, so at most
     * seven statements are ever prepared (and kept, {@link #inserts}) whatever the sizes of the groups.
     */
    static final int MAX_ROWS_PER_INSERT = 64;

    private static final String INSERT_HEAD = "insert or ignore into events (" + EventRows.COLUMNS + ") values ";
    private static final String INSERT_ROW = EventRows.ROW;
    /**
     * Whose rows a transaction inserted, asked only when an insert's row count says it ignored some (a
     * duplicate): {@code seq} autoincrements, so the rows after the largest {@code seq} before the first insert
     * are exactly this transaction's. Asking every insert to return its rows ({@code returning}) instead cost a
     * step and two strings per row, a fifth of an append's CPU.
     */
    private static final String INSERTED_AFTER = "select user_id, event_id from events where seq > ?";

    /** The multi-row inserts by row count, prepared once per connection (the group commit's hot path). */
    private final Map<Integer, PreparedStatement> inserts = new HashMap<>();
    /** The connection {@link #inserts} were prepared on: {@link Database} replaces a connection it cannot trust. */
    private Connection insertsOn;

    @Override
    public List<EventLog.Appended> append(List<Batch> batches, long receivedAt) {
        EventRows.Call call = EventRows.Call.of(batches);
        List<TrackEvent> firstCopies = call.firstCopies();
        List<InvalidEvent> failures = call.failures();
        Set<EventRows.Key> inserted = db.transaction(connection -> {
            // read in the transaction: its snapshot holds until the first insert takes the write lock
            long lastSeqBefore = firstCopies.isEmpty() ? 0 : lastSeq(connection);
            boolean ignoredAny = false;
            int from = 0;
            while (from < firstCopies.size()) {
                int rows = Math.min(MAX_ROWS_PER_INSERT, Integer.highestOneBit(firstCopies.size() - from));
                ignoredAny |= insertEvents(connection, firstCopies.subList(from, from + rows), receivedAt) < rows;
                from += rows;
            }
            if (!failures.isEmpty()) {
                try (PreparedStatement failed = connection.prepareStatement(EventRows.INSERT_FAILED)) {
                    for (InvalidEvent f : failures) {
                        EventRows.bindFailure(failed, f, receivedAt);
                        failed.executeUpdate();
                    }
                }
            }
            return ignoredAny ? insertedAfter(connection, lastSeqBefore) : null;
        });
        if (inserted != null) {
            return EventRows.answers(batches, inserted);
        }
        // every first copy inserted: without copies in the call that is every event, else the copies are duplicates
        return call.noCopies() ? EventRows.allStored(batches) : EventRows.answers(batches, call.keys());
    }

    /** The largest {@code seq} in the table (0 when empty): every row inserted after it has a larger one. */
    private static long lastSeq(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("select max(seq) from events")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The keys of the rows after {@code seq}: within the transaction, the ones it inserted. */
    private static Set<EventRows.Key> insertedAfter(Connection connection, long seq) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(INSERTED_AFTER)) {
            st.setLong(1, seq);
            Set<EventRows.Key> out = new HashSet<>();
            try (ResultSet rs = st.executeQuery()) {
                EventRows.readInserted(rs, out);
            }
            return out;
        }
    }

    /** One multi-row insert of the events (at most {@link #MAX_ROWS_PER_INSERT}, a power of two); how many it inserted. */
    private int insertEvents(Connection connection, List<TrackEvent> events, long receivedAt) throws SQLException {
        PreparedStatement insert = insertOf(connection, events.size());
        EventRows.bind(insert, events, receivedAt);
        return insert.executeUpdate();
    }

    /** The insert of that many rows, prepared on this connection once (called under the database's lock). */
    private PreparedStatement insertOf(Connection connection, int rows) throws SQLException {
        if (connection != insertsOn) {
            inserts.clear(); // prepared on a connection that was closed and replaced
            insertsOn = connection;
        }
        PreparedStatement insert = inserts.get(rows);
        if (insert == null) {
            StringBuilder sql = new StringBuilder(INSERT_HEAD.length() + rows * (INSERT_ROW.length() + 2));
            sql.append(INSERT_HEAD);
            for (int i = 0; i < rows; i++) {
                sql.append(i == 0 ? "" : ", ").append(INSERT_ROW);
            }
            insert = connection.prepareStatement(sql.toString());
            inserts.put(rows, insert);
        }
        return insert;
    }

    /**
     * A replay reads the whole log page by page; a payload stored verbatim by an older Tailor (up to
     * 1 MiB each) would make a page hundreds of megabytes. Such payloads are replayed as the known
     * fields (the columns, which is all a replay reads), so a page stays small whatever is on disk.
     */
    static final int MAX_REPLAY_PAYLOAD_CHARS = 16 * 1024;
    private static final String REPLAY_COLUMNS = "seq, event_id, user_id, session_id, event, section, time_spent,"
            + " scroll_depth, goal, device, occurred_at, case when length(payload) <= ? then payload else json_object("
            + "'event', event, 'user_id', user_id, 'event_id', event_id, 'session_id', session_id, 'section', section,"
            + " 'time_spent', time_spent, 'scroll_depth', scroll_depth, 'goal', goal, 'device', device, 'ts', occurred_at)"
            + " end as payload";

    /** Deleted rows are zeroed (secure_delete, set on the connection); this empties the WAL of their old pages. */
    @Override
    public void purgeDeleted() {
        db.read(connection -> {
            try (Statement st = connection.createStatement()) {
                st.execute("pragma wal_checkpoint(TRUNCATE)");
            }
            return null;
        });
    }

    @Override
    public List<Sequenced> eventsAfter(long afterSeq, int limit) {
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement(
                    "select " + REPLAY_COLUMNS + " from events where seq > ? order by seq limit ?")) {
                st.setInt(1, MAX_REPLAY_PAYLOAD_CHARS);
                st.setLong(2, afterSeq);
                st.setInt(3, limit);
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
            try (PreparedStatement st = connection.prepareStatement(
                    "select * from events where user_id = ? order by seq")) {
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
        return db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("delete from events where user_id = ?")) {
                st.setString(1, userId);
                return st.executeUpdate();
            }
        });
    }

    @Override
    public int eraseFailed(String userId) {
        return db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("delete from failed_events where user_id = ?")) {
                st.setString(1, userId);
                return st.executeUpdate();
            }
        });
    }

    @Override
    public EventLog.Expired eraseReceivedBefore(long receivedBeforeMillis) {
        return db.transaction(connection -> {
            Set<String> users = new TreeSet<>();
            try (PreparedStatement st = connection.prepareStatement(
                    "select distinct user_id from events where received_at < ?")) {
                st.setLong(1, receivedBeforeMillis);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        users.add(rs.getString(1));
                    }
                }
            }
            int events;
            try (PreparedStatement st = connection.prepareStatement("delete from events where received_at < ?")) {
                st.setLong(1, receivedBeforeMillis);
                events = st.executeUpdate();
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

    /** Brings the tables of a file created by an older Tailor up to the current schema. */
    private static void migrate(Connection connection) throws SQLException {
        if (eventIdUniqueAlone(connection)) {
            migrateEventsToPerVisitorDedup(connection);
        }
        try (Statement st = connection.createStatement()) {
            // every query by visitor (their events, erasure, a rollout's metrics) names user_id = ?, which the
            // unique (user_id, event_id) index serves; a second index on user_id cost a random page per event
            st.execute("drop index if exists events_by_user");
            if (!Database.hasColumn(connection, "failed_events", "user_id")) {
                st.execute("alter table failed_events add column user_id text");
            }
            st.execute("create index if not exists failed_by_user on failed_events(user_id)");
            st.execute("create index if not exists failed_by_received on failed_events(received_at)");
        }
    }

    /** True for a file from before dedup was per visitor: {@code event_id} unique on its own. */
    private static boolean eventIdUniqueAlone(Connection connection) throws SQLException {
        List<String> uniqueIndexes = new ArrayList<>();
        try (Statement st = connection.createStatement(); var rs = st.executeQuery("pragma index_list(events)")) {
            while (rs.next()) {
                if (rs.getInt("unique") == 1) {
                    uniqueIndexes.add(rs.getString("name"));
                }
            }
        }
        for (String index : uniqueIndexes) {
            List<String> columns = new ArrayList<>();
            try (Statement st = connection.createStatement();
                 var rs = st.executeQuery("pragma index_info(\"" + index.replace("\"", "\"\"") + "\")")) {
                while (rs.next()) {
                    columns.add(rs.getString("name"));
                }
            }
            if (columns.equals(List.of("event_id"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Rebuilds {@code events} with the per-visitor unique key (SQLite cannot drop a constraint):
     * a new table, every row copied with its {@code seq}, the old one dropped, the new one renamed,
     * the indexes and the autoincrement counter restored. One transaction: all of it or none.
     */
    private static void migrateEventsToPerVisitorDedup(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            long sequence = 0;
            try (var rs = st.executeQuery("select seq from sqlite_sequence where name = 'events'")) {
                if (rs.next()) {
                    sequence = rs.getLong(1);
                }
            }
            st.execute("drop table if exists events_migrating");
            st.execute(EVENTS_TABLE.formatted("events_migrating"));
            st.execute("""
                    insert into events_migrating (seq, event_id, user_id, session_id, event, section, time_spent,
                      scroll_depth, goal, device, occurred_at, received_at, payload)
                    select seq, event_id, user_id, session_id, event, section, time_spent,
                      scroll_depth, goal, device, occurred_at, received_at, payload from events order by seq""");
            st.execute("drop table events");
            st.execute("alter table events_migrating rename to events");
            st.execute("create index if not exists events_by_received on events(received_at)");
            // keep the counter where it was: an event deleted at the end of the log leaves its seq unused
            st.execute("update sqlite_sequence set seq = max(seq, " + sequence + ") where name = 'events'");
            st.execute("insert into sqlite_sequence (name, seq) select 'events', " + sequence
                    + " where " + sequence + " > 0 and not exists (select 1 from sqlite_sequence where name = 'events')");
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
