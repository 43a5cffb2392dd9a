package dev.tailor.store.sql;

import dev.tailor.variant.Assignment;
import dev.tailor.variant.LiveVariant;
import dev.tailor.variant.VariantStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The variant catalog in the {@code variants} and {@code assignments} tables, the same SQL on SQLite
 * and PostgreSQL (both know {@code insert … on conflict … do update}); every write one durable transaction.
 */
public class SqlVariantStore implements VariantStore {

    private final Jdbc db;

    public SqlVariantStore(Jdbc db) {
        this.db = db;
    }

    @Override
    public List<LiveVariant> variants() {
        return db.read(connection -> {
            List<LiveVariant> out = new ArrayList<>();
            try (var st = connection.createStatement(); ResultSet rs = st.executeQuery("select plan_hash, base_commit, audience,"
                    + " plan_name, commit_sha, artifact_id, deployment_id, url, created_at from variants")) {
                while (rs.next()) {
                    out.add(new LiveVariant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9)));
                }
            }
            return out;
        });
    }

    @Override
    public List<Assignment> assignments() {
        return db.read(connection -> {
            List<Assignment> out = new ArrayList<>();
            try (var st = connection.createStatement();
                 ResultSet rs = st.executeQuery("select user_id, plan_hash, base_commit, assigned_at from assignments")) {
                while (rs.next()) {
                    out.add(new Assignment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Assignment> assignmentOf(String userId) {
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement(
                    "select user_id, plan_hash, base_commit, assigned_at from assignments where user_id = ?")) {
                st.setString(1, userId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Assignment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                            : Optional.<Assignment>empty();
                }
            }
        });
    }

    @Override
    public void save(LiveVariant v) {
        db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("""
                    insert into variants (plan_hash, base_commit, audience, plan_name, commit_sha, artifact_id,
                      deployment_id, url, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (plan_hash, base_commit) do update set audience = excluded.audience,
                      plan_name = excluded.plan_name, commit_sha = excluded.commit_sha, artifact_id = excluded.artifact_id,
                      deployment_id = excluded.deployment_id, url = excluded.url, created_at = excluded.created_at""")) {
                st.setString(1, v.planHash());
                st.setString(2, v.baseCommit());
                st.setString(3, v.audience());
                st.setString(4, v.planName());
                st.setString(5, v.commit());
                st.setString(6, v.artifactId());
                st.setString(7, v.deploymentId());
                st.setString(8, v.url());
                st.setLong(9, v.createdAt());
                return st.executeUpdate();
            }
        });
    }

    @Override
    public void assign(Assignment a) {
        assignAll(List.of(a));
    }

    @Override
    public void assignAll(List<Assignment> assignments) {
        if (assignments.isEmpty()) {
            return;
        }
        db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("""
                    insert into assignments (user_id, plan_hash, base_commit, assigned_at) values (?, ?, ?, ?)
                    on conflict (user_id) do update set plan_hash = excluded.plan_hash, base_commit = excluded.base_commit,
                      assigned_at = excluded.assigned_at""")) {
                int written = 0;
                for (Assignment a : assignments) {
                    st.setString(1, a.userId());
                    st.setString(2, a.planHash());
                    st.setString(3, a.baseCommit());
                    st.setLong(4, a.assignedAt());
                    written += st.executeUpdate();
                }
                return written;
            }
        });
    }

    @Override
    public boolean unassign(String userId) {
        int removed = db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("delete from assignments where user_id = ?")) {
                st.setString(1, userId);
                return st.executeUpdate();
            }
        });
        return removed > 0;
    }
}
