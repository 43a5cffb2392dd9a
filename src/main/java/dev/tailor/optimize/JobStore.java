package dev.tailor.optimize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.store.sqlite.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Optimization jobs, persisted as JSON so that the API and the dashboard survive restarts. */
public final class JobStore {

    private final Database db;
    private final ObjectMapper json;

    public JobStore(Database db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    public void save(OptimizationJob job) {
        String body = write(job);
        db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("""
                    insert into jobs (id, user_id, status, created_at, updated_at, json) values (?, ?, ?, ?, ?, ?)
                    on conflict(id) do update set status = excluded.status, updated_at = excluded.updated_at,
                      json = excluded.json""")) {
                st.setString(1, job.id());
                st.setString(2, job.userId());
                st.setString(3, job.status());
                st.setLong(4, job.createdAt());
                st.setLong(5, job.updatedAt());
                st.setString(6, body);
                return st.executeUpdate();
            }
        });
    }

    /** Every visitor's newest job, read once at start-up so that the trigger never asks the store. */
    public Map<String, OptimizationJob> latestPerUser() {
        Map<String, OptimizationJob> out = new HashMap<>();
        for (OptimizationJob job : query("select json from jobs order by created_at, rowid limit ?", null, Integer.MAX_VALUE)) {
            out.put(job.userId(), job);
        }
        return out;
    }

    public List<OptimizationJob> recent(int limit) {
        return query("select json from jobs order by created_at desc, rowid desc limit ?", null, limit);
    }

    /** Jobs a crash left unfinished: they are failed at start-up, with that reason. */
    public List<OptimizationJob> unfinished() {
        return query("select json from jobs where status not in ('live', 'failed') limit ?", null, 10_000);
    }

    public int erase(String userId) {
        return db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("delete from jobs where user_id = ?")) {
                st.setString(1, userId);
                return st.executeUpdate();
            }
        });
    }

    /** Reads the raw JSON under the database lock, and decodes it after releasing it. */
    private List<OptimizationJob> query(String sql, String userId, int limit) {
        List<String> bodies = db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                int i = 1;
                if (userId != null) {
                    st.setString(i++, userId);
                }
                if (sql.contains("limit ?")) {
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
