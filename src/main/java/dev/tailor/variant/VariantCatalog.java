package dev.tailor.variant;

import dev.tailor.store.sqlite.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which variants are live and which visitor sees which. A variant is identified by
 * (plan hash, base commit): visitors whose plans hash the same share it. Reads on the request
 * path hit the in-memory index; writes go to the store first.
 *
 * <p><b>Stale variants.</b> A variant made from an older commit of the original site than the
 * current base is stale: it shows the old site with the visitor's layout, so it would undo the
 * site owner's change for that visitor. A visitor assigned to a stale variant is served the
 * original site (at the current base) until the trigger has made a fresh variant for them; their
 * assignment is kept (it says which plan they had), and the stale variant stays in git history.
 */
public final class VariantCatalog {

    private record Key(String planHash, String baseCommit) {
    }

    private final Database db;
    private final String currentBase;
    private final Map<Key, LiveVariant> variants = new ConcurrentHashMap<>();
    private final Map<String, Key> assignments = new ConcurrentHashMap<>();
    private final Map<String, String> reservedAudiences = new java.util.HashMap<>();

    /**
     * @param currentBase the original-website commit variants are made from now; variants on any
     *                    other commit are stale and never routed to
     */
    public VariantCatalog(Database db, String currentBase) {
        this.db = db;
        this.currentBase = currentBase;
        load();
    }

    /** A catalog that treats every variant as current, whatever its base (for tools that do not serve pages). */
    /** True when the variant was made from the current base of the original site. */
    public boolean isCurrent(LiveVariant v) {
        return currentBase == null || currentBase.equals(v.baseCommit());
    }

    /** Variants made from an older original-website commit than the current base. */
    public List<LiveVariant> stale() {
        return variants.values().stream().filter(v -> !isCurrent(v)).toList();
    }

    private void load() {
        db.read(connection -> {
            try (var st = connection.createStatement();
                 ResultSet rs = st.executeQuery("select plan_hash, base_commit, audience, plan_name, commit_sha, artifact_id, deployment_id, url, created_at from variants")) {
                while (rs.next()) {
                    LiveVariant v = new LiveVariant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9));
                    variants.put(new Key(v.planHash(), v.baseCommit()), v);
                }
            }
            try (var st = connection.createStatement();
                 ResultSet rs = st.executeQuery("select user_id, plan_hash, base_commit from assignments")) {
                while (rs.next()) {
                    assignments.put(rs.getString(1), new Key(rs.getString(2), rs.getString(3)));
                }
            }
            return null;
        });
    }

    public Optional<LiveVariant> find(String planHash, String baseCommit) {
        return Optional.ofNullable(variants.get(new Key(planHash, baseCommit)));
    }

    /**
     * The audience name (variant folder and subdomain) for a plan: its name, unless another plan
     * already has or is being given that name, then the name with the plan's hash. Reserved at
     * once, so two jobs of different plans running side by side never share a folder.
     */
    public synchronized String reserveAudience(String planName, String planHash, String baseCommit) {
        String name = planName.replace('_', '-');
        boolean taken = variants.values().stream().anyMatch(v -> v.audience().equals(name) && !v.planHash().equals(planHash))
                || !planHash.equals(reservedAudiences.getOrDefault(name, planHash));
        String audience = taken ? name + "-" + planHash.substring(0, 6) : name;
        reservedAudiences.putIfAbsent(audience, planHash);
        return audience;
    }

    public void addVariant(LiveVariant v) {
        db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("""
                    insert or replace into variants (plan_hash, base_commit, audience, plan_name, commit_sha, artifact_id,
                      deployment_id, url, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
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
        variants.put(new Key(v.planHash(), v.baseCommit()), v);
    }

    /** From now on the visitor is routed to this variant. */
    public void assign(String userId, LiveVariant v, long now) {
        db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement(
                    "insert or replace into assignments (user_id, plan_hash, base_commit, assigned_at) values (?, ?, ?, ?)")) {
                st.setString(1, userId);
                st.setString(2, v.planHash());
                st.setString(3, v.baseCommit());
                st.setLong(4, now);
                return st.executeUpdate();
            }
        });
        assignments.put(userId, new Key(v.planHash(), v.baseCommit()));
    }

    /** The variant the visitor is assigned to, if it is live and made from the current base (else: the original). */
    public Optional<LiveVariant> variantOf(String userId) {
        return assignedVariant(userId).filter(this::isCurrent);
    }

    /** The variant the visitor was last assigned to, stale or not. */
    public Optional<LiveVariant> assignedVariant(String userId) {
        Key key = assignments.get(userId);
        return key == null ? Optional.empty() : Optional.ofNullable(variants.get(key));
    }

    /** The newest current variant with this audience name (for {@code <audience>-personalized.<host>}). */
    public Optional<LiveVariant> byAudience(String audience) {
        return variants.values().stream().filter(v -> v.audience().equals(audience) && isCurrent(v))
                .max((a, b) -> Long.compare(a.createdAt(), b.createdAt()));
    }

    public List<LiveVariant> all() {
        return new ArrayList<>(variants.values());
    }

    /** How many visitors each variant serves, keyed {@code planHash@baseCommit}. */
    public Map<String, Long> usersPerVariant() {
        Map<String, Long> out = new java.util.HashMap<>();
        assignments.values().forEach(k -> out.merge(k.planHash() + "@" + k.baseCommit(), 1L, Long::sum));
        return out;
    }

    public int assignedCount() {
        return assignments.size();
    }

    /** Removes the visitor's routing; returns whether there was any. */
    public boolean unassign(String userId) {
        int removed = db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("delete from assignments where user_id = ?")) {
                st.setString(1, userId);
                return st.executeUpdate();
            }
        });
        assignments.remove(userId);
        return removed > 0;
    }
}
