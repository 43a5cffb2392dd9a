package dev.tailor.store.sql;

import dev.tailor.experiment.Exposure;
import dev.tailor.experiment.Rollout;
import dev.tailor.experiment.ArmCounts;
import dev.tailor.experiment.Metric;
import dev.tailor.experiment.RolloutHistoryEntry;
import dev.tailor.experiment.RolloutSnapshot;
import dev.tailor.experiment.RolloutStatus;
import dev.tailor.experiment.RolloutStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rollouts in the {@code rollouts}, {@code rollout_history}, {@code exposures} and
 * {@code rollout_snapshots} tables, the same SQL on SQLite and PostgreSQL. An arm's goal conversions
 * are counted against the {@code events} table in the same query: one database holds both, and a
 * visitor's conversions never leave it. The adapters differ only in how {@code like} ignores case.
 */
public class SqlRolloutStore implements RolloutStore {

    private final Jdbc db;
    private final String caseInsensitiveLike;

    /**
     * @param caseInsensitiveLike the operator that matches a pattern ignoring the case of ASCII letters:
     *                            {@code like} on SQLite, {@code ilike} on PostgreSQL
     */
    public SqlRolloutStore(Jdbc db, String caseInsensitiveLike) {
        if (!caseInsensitiveLike.equals("like") && !caseInsensitiveLike.equals("ilike")) {
            throw new IllegalArgumentException("expected like or ilike as the case-insensitive like, not " + caseInsensitiveLike);
        }
        this.db = db;
        this.caseInsensitiveLike = caseInsensitiveLike;
    }

    @Override
    public List<Rollout> rollouts() {
        return db.read(connection -> {
            List<Rollout> out = new ArrayList<>();
            try (var st = connection.createStatement(); ResultSet rs = st.executeQuery(
                    "select variant_key, variant, owner, percent, status, stage_started_at, reason, looks from rollouts")) {
                while (rs.next()) {
                    out.add(new Rollout(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            RolloutStatus.fromWire(rs.getString(5)), rs.getLong(6), rs.getString(7), rs.getInt(8)));
                }
            }
            return out;
        });
    }

    @Override
    public void save(Rollout r, boolean historyEntry) {
        db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("""
                    insert into rollouts (variant_key, variant, owner, percent, status, stage_started_at, reason, looks)
                    values (?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (variant_key) do update set variant = excluded.variant, owner = excluded.owner,
                      percent = excluded.percent, status = excluded.status, stage_started_at = excluded.stage_started_at,
                      reason = excluded.reason, looks = excluded.looks""")) {
                st.setString(1, r.variantKey());
                st.setString(2, r.variant());
                st.setString(3, r.owner());
                st.setInt(4, r.percent());
                st.setString(5, r.status().wire());
                st.setLong(6, r.stageStartedAt());
                st.setString(7, r.reason());
                st.setInt(8, r.looks());
                st.executeUpdate();
            }
            if (!historyEntry) {
                return 0;
            }
            try (PreparedStatement historyRow = connection.prepareStatement(
                    "insert into rollout_history (variant_key, at, percent, status, reason) values (?, ?, ?, ?, ?)")) {
                historyRow.setString(1, r.variantKey());
                historyRow.setLong(2, r.stageStartedAt());
                historyRow.setInt(3, r.percent());
                historyRow.setString(4, r.status().wire());
                historyRow.setString(5, r.reason());
                return historyRow.executeUpdate();
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
                    insert into exposures (variant_key, stage, user_id, arm, first_seen_at) values (?, ?, ?, ?, ?)
                    on conflict (variant_key, stage, user_id) do nothing""")) {
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
                    "select count(distinct user_id) from exposures where variant_key = ? and user_id " + caseInsensitiveLike + " ?")) {
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
                    insert into rollout_snapshots (variant_key, at, stage, arm, metric, visitors, reached)
                    values (?, ?, ?, ?, ?, ?, ?)
                    on conflict (variant_key, at, arm, metric) do update set stage = excluded.stage,
                      visitors = excluded.visitors, reached = excluded.reached""")) {
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
