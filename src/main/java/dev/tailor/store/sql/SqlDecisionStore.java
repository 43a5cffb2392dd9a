package dev.tailor.store.sql;

import dev.tailor.optimize.DecisionLog;
import dev.tailor.optimize.DecisionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trigger decisions in the table {@code trigger_decisions}, the same SQL on SQLite and PostgreSQL. A
 * decision is written with {@link Jdbc#transactionFlushedLater} (derived from durable events, it must
 * not cost a disk flush each: one fsync each would starve the event log's group commit of the disk);
 * erasure durably. The adapters differ only in how a claim on the budget is made one step
 * ({@link BudgetLock}).
 */
public class SqlDecisionStore implements DecisionStore {

    /** What makes counting and inserting in {@link #addWithin} one step, taken first in its transaction. */
    @FunctionalInterface
    public interface BudgetLock {
        void take(Connection connection) throws SQLException;
    }

    private final Jdbc db;
    private final BudgetLock budgetLock;

    public SqlDecisionStore(Jdbc db, BudgetLock budgetLock) {
        this.db = db;
        this.budgetLock = budgetLock;
    }

    @Override
    public void add(DecisionLog.Entry entry) {
        db.transactionFlushedLater(connection -> insert(connection, entry));
    }

    /** One flushed-later transaction for the whole batch: the database is written to once, not per decision. */
    @Override
    public void addAll(List<DecisionLog.Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        db.transactionFlushedLater(connection -> {
            int added = 0;
            for (DecisionLog.Entry entry : entries) {
                added += insert(connection, entry);
            }
            return added;
        });
    }

    /**
     * The budget lock first, so that two claims cannot both see the last free start. Durable: a
     * start that was granted stays counted.
     */
    @Override
    public boolean addWithin(DecisionLog.Entry entry, long sinceMillis, int max) {
        return db.transaction(connection -> {
            budgetLock.take(connection);
            return countSince(connection, entry.outcome(), sinceMillis) < max && insert(connection, entry) == 1;
        });
    }

    private static int insert(Connection connection, DecisionLog.Entry entry) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "insert into trigger_decisions (user_id, decided_at, outcome, reason) values (?, ?, ?, ?)")) {
            st.setString(1, entry.userId());
            st.setLong(2, entry.decidedAt());
            st.setString(3, entry.outcome());
            st.setString(4, entry.reason());
            return st.executeUpdate();
        }
    }

    private static int countSince(Connection connection, String outcome, long sinceMillis) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "select count(*) from trigger_decisions where outcome = ? and decided_at > ?")) {
            st.setString(1, outcome);
            st.setLong(2, sinceMillis);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Override
    public List<DecisionLog.Entry> recentFor(String userId, int limit) {
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement(
                    "select user_id, decided_at, outcome, reason from trigger_decisions where user_id = ? order by id desc limit ?")) {
                st.setString(1, userId);
                st.setInt(2, limit);
                List<DecisionLog.Entry> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DecisionLog.Entry(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<Long> decidedSince(String outcome, long sinceMillis) {
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement(
                    "select decided_at from trigger_decisions where outcome = ? and decided_at > ? order by decided_at")) {
                st.setString(1, outcome);
                st.setLong(2, sinceMillis);
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

    @Override
    public int erase(String userId) {
        return db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("delete from trigger_decisions where user_id = ?")) {
                st.setString(1, userId);
                return st.executeUpdate();
            }
        });
    }
}
