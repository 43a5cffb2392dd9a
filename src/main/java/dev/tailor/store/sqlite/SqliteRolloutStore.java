package dev.tailor.store.sqlite;

import dev.tailor.experiment.Exposure;
import dev.tailor.experiment.Rollout;
import dev.tailor.experiment.ArmCounts;
import dev.tailor.experiment.Metric;
import dev.tailor.experiment.RolloutHistoryEntry;
import dev.tailor.experiment.RolloutSnapshot;
import dev.tailor.experiment.RolloutStatus;
import dev.tailor.experiment.RolloutStore;
import dev.tailor.store.sql.RolloutMetricsQuery;
import dev.tailor.store.sql.RolloutSnapshotRows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rollouts in the {@code rollouts}, {@code rollout_history} and {@code exposures} tables. An arm's
 * goal conversions are counted against the {@code events} table in the same query: one file holds
 * both, and a visitor's conversions never leave the database.
 */
public final class SqliteRolloutStore implements RolloutStore {

    static final SqliteSchema SCHEMA = connection -> {
        try (Statement st = connection.createStatement()) {
            st.execute("""
                create table if not exists rollouts (
                  variant_key text primary key,
                  variant text not null,
                  owner text not null,
                  percent integer not null,
                  status text not null,
                  stage_started_at integer not null,
                  reason text not null,
                  looks integer not null default 0)""");
            st.execute("""
                create table if not exists rollout_history (
                  id integer primary key autoincrement,
                  variant_key text not null,
                  at integer not null,
                  percent integer not null,
                  status text not null,
                  reason text not null)""");
            st.execute("""
                create table if not exists exposures (
                  variant_key text not null,
                  stage integer not null,
                  user_id text not null,
                  arm text not null,
                  first_seen_at integer not null,
                  primary key (variant_key, stage, user_id))""");
            st.execute("create index if not exists exposures_by_user on exposures(user_id)");
            // the stages' numbers over time, for the dashboard's charts (see SnapshotSpacing): counts, no visitor ids
            st.execute("""
                create table if not exists rollout_snapshots (
                  variant_key text not null,
                  at integer not null,
                  stage integer not null,
                  arm text not null,
                  metric text not null,
                  visitors integer not null,
                  reached integer not null,
                  primary key (variant_key, at, arm, metric))""");
            // files from before a stage was tested for a decline at spaced looks have no count of them
            if (!Database.hasColumn(connection, "rollouts", "looks")) {
                st.execute("alter table rollouts add column looks integer not null default 0");
            }
        }
    };

    private final Database db;

    public SqliteRolloutStore(Database db) {
        this.db = db;
    }

    @Override
    public List<Rollout> rollouts() {
        return db.read(connection -> {
            List<Rollout> out = new ArrayList<>();
            try (var st = connection.createStatement(); ResultSet rs = st.executeQuery(
                    "select variant_key, variant, owner, percent, status, stage_started_at, reason, looks from rollouts")) {
                while (rs.next()) {
                    out.add(new Rollout(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), RolloutStatus.fromWire(rs.getString(5)),
                            rs.getLong(6), rs.getString(7), rs.getInt(8)));
                }
            }
            return out;
        });
    }

    @Override
    public void save(Rollout r, boolean historyEntry) {
        db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("""
                    insert or replace into rollouts (variant_key, variant, owner, percent, status, stage_started_at, reason, looks)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""");
                 PreparedStatement historyRow = connection.prepareStatement(
                         "insert into rollout_history (variant_key, at, percent, status, reason) values (?, ?, ?, ?, ?)")) {
                st.setString(1, r.variantKey());
                st.setString(2, r.variant());
                st.setString(3, r.owner());
                st.setInt(4, r.percent());
                st.setString(5, r.status().wire());
                st.setLong(6, r.stageStartedAt());
                st.setString(7, r.reason());
                st.setInt(8, r.looks());
                st.executeUpdate();
                historyRow.setString(1, r.variantKey());
                historyRow.setLong(2, r.stageStartedAt());
                historyRow.setInt(3, r.percent());
                historyRow.setString(4, r.status().wire());
                historyRow.setString(5, r.reason());
                return historyEntry ? historyRow.executeUpdate() : 0;
            }
        });
    }

    @Override
    public void recordExposures(List<Exposure> exposures) {
        if (exposures.isEmpty()) {
            return;
        }
        db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("""
                    insert or ignore into exposures (variant_key, stage, user_id, arm, first_seen_at) values (?, ?, ?, ?, ?)""")) {
                for (Exposure e : exposures) {
                    st.setString(1, e.variantKey());
                    st.setInt(2, e.stage());
                    st.setString(3, e.userId());
                    st.setString(4, e.arm());
                    st.setLong(5, e.at());
                    st.addBatch();
                }
                return st.executeBatch().length;
            }
        });
    }

    @Override
    public Map<String, ArmCounts> metrics(String variantKey, int stage, long since, List<Metric> metrics) {
        RolloutMetricsQuery query = RolloutMetricsQuery.of(variantKey, stage, since, metrics);
        return db.read(connection -> {
            Map<String, ArmCounts> out = new HashMap<>();
            try (PreparedStatement st = connection.prepareStatement(query.sql())) {
                for (int i = 0; i < query.parameters().size(); i++) {
                    st.setObject(i + 1, query.parameters().get(i));
                }
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        List<Integer> reached = new ArrayList<>();
                        for (int m = 0; m < metrics.size(); m++) {
                            reached.add(rs.getInt(3 + m));
                        }
                        out.put(rs.getString(1), query.arm(rs.getInt(2), reached));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public int visitorsWithIdPrefix(String variantKey, String idPrefix) {
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement(
                    "select count(distinct user_id) from exposures where variant_key = ? and user_id like ?")) {
                st.setString(1, variantKey);
                st.setString(2, idPrefix + "%");
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    @Override
    public List<RolloutHistoryEntry> history(String variantKey) {
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement(
                    "select at, percent, status, reason from rollout_history where variant_key = ? order by id")) {
                st.setString(1, variantKey);
                List<RolloutHistoryEntry> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RolloutHistoryEntry(rs.getLong(1), rs.getInt(2), RolloutStatus.fromWire(rs.getString(3)), rs.getString(4)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void saveSnapshot(RolloutSnapshot snapshot) {
        db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("""
                    insert or replace into rollout_snapshots (variant_key, at, stage, arm, metric, visitors, reached)
                    values (?, ?, ?, ?, ?, ?, ?)""")) {
                for (RolloutSnapshotRows.Row r : RolloutSnapshotRows.rows(snapshot)) {
                    st.setString(1, r.variantKey());
                    st.setLong(2, r.at());
                    st.setInt(3, r.stage());
                    st.setString(4, r.arm());
                    st.setString(5, r.metric());
                    st.setInt(6, r.visitors());
                    st.setInt(7, r.reached());
                    st.addBatch();
                }
                return st.executeBatch().length;
            }
        });
    }

    @Override
    public List<RolloutSnapshot> snapshots(String variantKey) {
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement(RolloutSnapshotRows.SELECT)) {
                st.setString(1, variantKey);
                List<RolloutSnapshotRows.Row> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new RolloutSnapshotRows.Row(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
                                rs.getString(5), rs.getInt(6), rs.getInt(7)));
                    }
                }
                return RolloutSnapshotRows.snapshots(rows);
            }
        });
    }

    @Override
    public int eraseExposures(String userId) {
        return db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("delete from exposures where user_id = ?")) {
                st.setString(1, userId);
                return st.executeUpdate();
            }
        });
    }
}
