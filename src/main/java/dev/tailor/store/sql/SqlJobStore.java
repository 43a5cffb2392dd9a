package dev.tailor.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.optimize.JobStage;
import dev.tailor.optimize.JobStore;
import dev.tailor.optimize.JobTotals;
import dev.tailor.optimize.OptimizationJob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Optimization jobs in the {@code jobs} table, each row the job as JSON (so a job's fields can grow
 * without a migration), the same SQL on SQLite and PostgreSQL. Jobs made in the same millisecond are
 * ordered by the order they were first saved in, which each database keeps in a column of its own.
 */
public class SqlJobStore implements JobStore {

    private final Jdbc db;
    private final ObjectMapper json;
    private final String firstSaved;
    private final JsonFields fields;

    /**
     * How the database reads a field of a job's JSON (each has functions of its own for it).
     *
     * @param reused  true when the job reused another's variant, e.g. {@code json_extract(json, '$.reused') = 1}
     * @param costUsd the job's generation cost as a number
     */
    public record JsonFields(String reused, String costUsd) {}

    /**
     * @param firstSaved the column that rises with each new row: {@code rowid} on SQLite, {@code seq} on PostgreSQL
     */
    public SqlJobStore(Jdbc db, ObjectMapper json, String firstSaved, JsonFields fields) {
        if (!firstSaved.matches("[a-z_]+")) {
            throw new IllegalArgumentException("expected a column name for the order of first save, not " + firstSaved);
        }
        this.db = db;
        this.json = json;
        this.firstSaved = firstSaved;
        this.fields = fields;
    }

    @Override
    public void save(OptimizationJob job) {
        saveAll(List.of(job));
    }

    @Override
    public void saveAll(List<OptimizationJob> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        List<String> bodies = jobs.stream().map(this::write).toList(); // JSON outside the database's lock
        db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("""
                    insert into jobs (id, user_id, status, created_at, updated_at, json) values (?, ?, ?, ?, ?, ?)
                    on conflict (id) do update set status = excluded.status, updated_at = excluded.updated_at,
                      json = excluded.json""")) {
                int written = 0;
                for (int i = 0; i < jobs.size(); i++) {
                    OptimizationJob job = jobs.get(i);
                    st.setString(1, job.id());
                    st.setString(2, job.userId());
                    st.setString(3, job.status().wire());
                    st.setLong(4, job.createdAt());
                    st.setLong(5, job.updatedAt());
                    st.setString(6, bodies.get(i));
                    written += st.executeUpdate();
                }
                return written;
            }
        });
    }

    @Override
    public Map<String, OptimizationJob> latestPerUser() {
        Map<String, OptimizationJob> out = new HashMap<>();
        for (OptimizationJob job : query("select json from (select json, row_number() over (partition by user_id"
                + " order by created_at desc, " + firstSaved + " desc) as newest from jobs) latest where newest = 1", null, -1)) {
            out.put(job.userId(), job);
        }
        return out;
    }

    @Override
    public Optional<OptimizationJob> latestOf(String userId) {
        return query("select json from jobs where user_id = ? order by created_at desc, " + firstSaved + " desc limit ?", userId, 1)
                .stream().findFirst();
    }

    @Override
    public List<OptimizationJob> recent(int limit) {
        return query("select json from jobs order by created_at desc, " + firstSaved + " desc limit ?", null, limit);
    }

    @Override
    public JobTotals totals() {
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement("select status, count(*), coalesce(sum(case when "
                    + fields.reused() + " then 1 else 0 end), 0), coalesce(sum(" + fields.costUsd() + "), 0) from jobs group by status");
                 ResultSet rs = st.executeQuery()) {
                Map<JobStage, Integer> byStage = new EnumMap<>(JobStage.class);
                int reusedLive = 0;
                double usd = 0;
                while (rs.next()) {
                    JobStage stage = JobStage.fromWire(rs.getString(1));
                    byStage.put(stage, rs.getInt(2));
                    reusedLive += stage == JobStage.LIVE ? rs.getInt(3) : 0;
                    usd += rs.getDouble(4);
                }
                return new JobTotals(byStage, reusedLive, usd);
            }
        });
    }

    @Override
    public List<OptimizationJob> unfinished() {
        return query("select json from jobs where status not in ('%s', '%s') order by created_at, %s limit ?"
                .formatted(JobStage.LIVE.wire(), JobStage.FAILED.wire(), firstSaved), null, 10_000);
    }

    @Override
    public int erase(String userId) {
        return db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("delete from jobs where user_id = ?")) {
                st.setString(1, userId);
                return st.executeUpdate();
            }
        });
    }

    /** Reads the raw JSON under the database's lock or on a pooled connection, and decodes it after letting go. */
    private List<OptimizationJob> query(String sql, String userId, int limit) {
        List<String> bodies = db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                int i = 1;
                if (userId != null) {
                    st.setString(i++, userId);
                }
                if (limit >= 0) {
                    st.setInt(i, limit);
                }
                List<String> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
        List<OptimizationJob> jobs = new ArrayList<>(bodies.size());
        for (String body : bodies) {
            jobs.add(read(body));
        }
        return jobs;
    }

    private String write(OptimizationJob job) {
        try {
            return json.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize job " + job.id(), e);
        }
    }

    private OptimizationJob read(String body) {
        try {
            return json.readValue(body, OptimizationJob.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored job is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
