package dev.tailor.store.sqlite;

import dev.tailor.experiment.Exposure;
import dev.tailor.experiment.Rollout;
import dev.tailor.experiment.ArmCounts;
import dev.tailor.experiment.Metric;
import dev.tailor.experiment.RolloutStatus;
import dev.tailor.experiment.RolloutStore;
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
        StringBuilder sql = new StringBuilder("select x.arm, count(*)");
        List<String> goals = new ArrayList<>();
        for (Metric m : metrics) {
            sql.append(", sum(case when ").append(condition(m, goals)).append(" then 1 else 0 end)");
        }
        sql.append(" from exposures x where x.variant_key = ? and x.stage = ? and x.first_seen_at >= ? group by x.arm");
        return db.read(connection -> {
            Map<String, ArmCounts> out = new HashMap<>();
            try (PreparedStatement st = connection.prepareStatement(sql.toString())) {
                int i = 1;
                for (String goal : goals) {
                    st.setString(i++, goal);
                }
                st.setString(i++, variantKey);
                st.setInt(i++, stage);
                st.setLong(i, since);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Integer> reached = new HashMap<>();
                        for (int m = 0; m < metrics.size(); m++) {
                            reached.put(metrics.get(m).name(), rs.getInt(3 + m));
                        }
                        out.put(rs.getString(1), new ArmCounts(rs.getInt(2), reached));
                    }
                }
            }
            return out;
        });
    }

    private static final String AFTER = "e.user_id = x.user_id and e.received_at >= x.first_seen_at";

    /** Whether the exposed visitor {@code x} did the metric's thing after the exposure; adds its parameters. */
    private static String condition(Metric m, List<String> goals) {
        return switch (m.kind()) {
            case ANY_GOAL -> "exists (select 1 from events e where " + AFTER + " and e.event = 'goal')";
            case GOAL -> {
                goals.add(m.goal());
                yield "exists (select 1 from events e where " + AFTER + " and e.event = 'goal' and e.goal = ?)";
            }
            case JS_ERROR -> "exists (select 1 from events e where " + AFTER + " and e.event = 'error')";
            case RENDER_FALLBACK -> "exists (select 1 from exposures f where f.variant_key = x.variant_key"
                    + " and f.stage = -x.stage and f.user_id = x.user_id and f.first_seen_at >= x.first_seen_at)";
            case BOUNCE -> "(select count(*) from events e where " + AFTER + " and e.event = 'page_view') < 2"
                    + " and not exists (select 1 from events e where " + AFTER + " and e.event = 'goal')"
                    + " and coalesce((select sum(e.time_spent) from events e where " + AFTER + "), 0) < " + Metric.ENGAGED_SECONDS;
        };
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
    public int eraseExposures(String userId) {
        return db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("delete from exposures where user_id = ?")) {
                st.setString(1, userId);
                return st.executeUpdate();
            }
        });
    }
}
