package dev.tailor.optimize;

import dev.tailor.store.sqlite.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every trigger decision with its reason, kept in the store (so it survives restarts). A skip
 * for the same kind of reason as the user's previous decision is not stored again — its numbers
 * change with nearly every event ("only 2 events…", "no persona yet: 31 s…"), and a visitor who
 * keeps browsing must not write a row per event; the first of the run is kept, with its words.
 * Every decision to optimize is stored, since those rows also restore the hourly budget after a
 * restart ({@link #optimizationsSince}).
 */
public final class DecisionLog {

    /** One recorded decision. */
    public record Entry(String userId, long decidedAt, String outcome, String reason) {
    }

    private final Database db;
    private final Map<String, String> lastByUser = new ConcurrentHashMap<>();

    public DecisionLog(Database db) {
        this.db = db;
    }

    public void record(String userId, TriggerPolicy.Decision decision, long now) {
        // "optimize" rows restore the hourly budget after a restart; a "match" to a live variant costs nothing
        String outcome = decision.optimize() ? decision.code() : "skip";
        if (decision.code().equals(lastByUser.put(userId, decision.code())) && !decision.optimize()) {
            return;
        }
        // a decision is derived from durable events: one fsync each would starve the event log's
        // group commit of the disk, so it rides on the next durable commit instead
        db.transactionFlushedLater(connection -> {
            try (PreparedStatement st = connection.prepareStatement(
                    "insert into trigger_decisions (user_id, decided_at, outcome, reason) values (?, ?, ?, ?)")) {
                st.setString(1, userId);
                st.setLong(2, now);
                st.setString(3, outcome);
                st.setString(4, decision.reason());
                return st.executeUpdate();
            }
        });
    }

    public List<Entry> recentFor(String userId, int limit) {
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement(
                    "select user_id, decided_at, outcome, reason from trigger_decisions where user_id = ? order by id desc limit ?")) {
                st.setString(1, userId);
                st.setInt(2, limit);
                List<Entry> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Entry(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                    }
                }
                return out;
            }
        });
    }

    /** When each decision to optimize since {@code sinceMillis} was taken, oldest first. */
    public List<Long> optimizationsSince(long sinceMillis) {
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement(
                    "select decided_at from trigger_decisions where outcome = 'optimize' and decided_at > ? order by decided_at")) {
                st.setLong(1, sinceMillis);
                List<Long> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
                return out;
            }
        });
    }

    public int erase(String userId) {
        lastByUser.remove(userId);
        return db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("delete from trigger_decisions where user_id = ?")) {
                st.setString(1, userId);
                return st.executeUpdate();
            }
        });
    }
}
