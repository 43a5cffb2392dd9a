package dev.tailor.variant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which variants are live and which visitor sees which. A variant is identified by
 * (plan hash, base commit): visitors whose plans hash the same share it. Reads on the request
 * path hit the in-memory index; writes go to the {@link VariantStore} first.
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

    private final VariantStore store;
    private volatile String currentBase;
    private final Map<Key, LiveVariant> variants = new ConcurrentHashMap<>();
    /** How many visitors' assignments are held in memory; the rest are read from the store when needed. */
    public static final int MAX_ASSIGNMENTS_IN_MEMORY = 200_000;
    /**
     * Assignments held in memory, least recently used first (all access holds its lock); beyond the
     * bound the eldest is forgotten here, kept in the store, and read back when the visitor returns.
     */
    private final Map<String, Key> assignments;
    /** Visitors whose assignment was forgotten to make room (not unassigned): looked up in the store. */
    private final Set<String> evicted;
    private final Map<String, String> reservedAudiences = new java.util.HashMap<>();
    /** When this node last wrote each visitor's assignment ({@link System#nanoTime}), for {@link #refresh}. */
    private final Map<String, Long> localWrites = new ConcurrentHashMap<>();
    /** Set by the first {@link #refresh}: only a catalog whose store other nodes write needs {@link #localWrites}. */
    private volatile boolean refreshing;

    /**
     * @param currentBase the original-website commit variants are made from now; variants on any
     *                    other commit are stale and never routed to
     */
    public VariantCatalog(VariantStore store, String currentBase) {
        this(store, currentBase, MAX_ASSIGNMENTS_IN_MEMORY);
    }

    public VariantCatalog(VariantStore store, String currentBase, int maxAssignments) {
        if (maxAssignments < 1) {
            throw new IllegalArgumentException("maxAssignments must be at least 1, not " + maxAssignments);
        }
        // ten times the bound: a visitor forgotten longer than that is read as unassigned (the original site)
        int evictedRemembered = Math.max(1_000, maxAssignments * 10);
        this.evicted = java.util.Collections.newSetFromMap(java.util.Collections.synchronizedMap(
                new java.util.LinkedHashMap<>(16, 0.75f, false) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                        return size() > evictedRemembered;
                    }
                }));
        this.assignments = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Key> eldest) {
                if (size() > maxAssignments) {
                    evicted.add(eldest.getKey());
                    return true;
                }
                return false;
            }
        });
        this.store = store;
        this.currentBase = currentBase;
        load();
    }

    /** The original-website commit variants are made from now (null: every variant counts as current). */
    public String currentBase() {
        return currentBase;
    }

    /**
     * The original site moved to {@code commit}: variants of every other commit are stale from now
     * on, so their visitors get the original until a variant on the new base is live.
     */
    public void rebase(String commit) {
        currentBase = commit;
    }

    /** True when the variant was made from the current base of the original site. */
    public boolean isCurrent(LiveVariant v) {
        return currentBase == null || currentBase.equals(v.baseCommit());
    }

    /** Variants made from an older original-website commit than the current base. */
    public List<LiveVariant> stale() {
        return variants.values().stream().filter(v -> !isCurrent(v)).toList();
    }

    private void load() {
        for (LiveVariant v : store.variants()) {
            variants.put(new Key(v.planHash(), v.baseCommit()), v);
        }
        for (Assignment a : store.assignments()) {
            assignments.put(a.userId(), new Key(a.planHash(), a.baseCommit()));
        }
    }

    /**
     * Takes in the variants other nodes sharing the store saved (a variant is never deleted, so
     * this only adds and replaces). Cheap: one row per plan and base.
     */
    public void refreshVariants() {
        for (LiveVariant v : store.variants()) {
            variants.put(new Key(v.planHash(), v.baseCommit()), v);
        }
    }

    /**
     * Takes in what other nodes sharing the store changed: new variants, and the visitors' current
     * assignments (an assignment another node erased is dropped here too). {@code beforeApplying}
     * runs between reading the variants and applying them: reads that must be at least as new as
     * the variants (their rollouts, which are saved before a variant is) go there.
     */
    public void refresh(Runnable beforeApplying) {
        refreshing = true;
        long readFrom = System.nanoTime();
        List<LiveVariant> stored = store.variants();
        List<Assignment> storedAssignments = store.assignments();
        beforeApplying.run();
        for (LiveVariant v : stored) {
            variants.put(new Key(v.planHash(), v.baseCommit()), v);
        }
        Map<String, Key> fresh = new java.util.HashMap<>();
        for (Assignment a : storedAssignments) {
            fresh.put(a.userId(), new Key(a.planHash(), a.baseCommit()));
        }
        // a visitor this node (re)assigned or unassigned while the store was read keeps what this node wrote
        Set<String> writtenMeanwhile = new java.util.HashSet<>();
        localWrites.forEach((user, at) -> {
            if (at - readFrom >= 0) {
                writtenMeanwhile.add(user);
            }
        });
        localWrites.values().removeIf(at -> at - readFrom < 0);
        fresh.forEach((user, key) -> {
            if (!writtenMeanwhile.contains(user)) {
                assignments.put(user, key);
            }
        });
        synchronized (assignments) {
            assignments.keySet().removeIf(user -> !fresh.containsKey(user) && !writtenMeanwhile.contains(user));
        }
    }

    private void noteLocalWrite(String userId) {
        if (refreshing) {
            localWrites.put(userId, System.nanoTime());
        }
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
        store.save(v);
        variants.put(new Key(v.planHash(), v.baseCommit()), v);
    }

    /** From now on the visitor is routed to this variant. */
    public void assign(String userId, LiveVariant v, long now) {
        assignAll(List.of(userId), v, now);
    }

    /**
     * From now on these visitors are routed to this variant: stored in one durable write first, so
     * no visitor is routed to what a restart would forget.
     */
    public void assignAll(List<String> userIds, LiveVariant v, long now) {
        userIds.forEach(this::noteLocalWrite);
        store.assignAll(userIds.stream().map(user -> new Assignment(user, v.planHash(), v.baseCommit(), now)).toList());
        Key key = new Key(v.planHash(), v.baseCommit());
        for (String userId : userIds) {
            evicted.remove(userId);
            assignments.put(userId, key);
        }
    }

    /** The variant the visitor is assigned to, if it is live and made from the current base (else: the original). */
    public Optional<LiveVariant> variantOf(String userId) {
        return assignedVariant(userId).filter(this::isCurrent);
    }

    /** The variant the visitor was last assigned to, stale or not. */
    public Optional<LiveVariant> assignedVariant(String userId) {
        Key key = assignments.get(userId);
        if (key == null && evicted.remove(userId)) {
            // forgotten to make room: back from the store, and held again (they are visiting)
            key = store.assignmentOf(userId).map(a -> new Key(a.planHash(), a.baseCommit())).orElse(null);
            if (key != null) {
                assignments.putIfAbsent(userId, key);
            }
        }
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
        synchronized (assignments) {
            assignments.values().forEach(k -> out.merge(k.planHash() + "@" + k.baseCommit(), 1L, Long::sum));
        }
        return out;
    }

    /** Every visitor's assignment: visitor id → the variant's {@link LiveVariant#key()} (a copy). */
    public Map<String, String> assignedVariantKeys() {
        Map<String, String> out = new java.util.HashMap<>();
        assignments.forEach((user, k) -> out.put(user, k.planHash() + "@" + k.baseCommit()));
        return out;
    }

    /** Visitors assigned and held in memory (at most {@link #MAX_ASSIGNMENTS_IN_MEMORY}). */
    public int assignedCount() {
        return assignments.size();
    }

    /** Removes the visitor's routing; returns whether there was any. */
    public boolean unassign(String userId) {
        noteLocalWrite(userId);
        boolean removed = store.unassign(userId);
        evicted.remove(userId);
        assignments.remove(userId);
        return removed;
    }
}
