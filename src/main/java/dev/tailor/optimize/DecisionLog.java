package dev.tailor.optimize;

import dev.tailor.visitor.RecentKeys;
import java.util.List;

/**
 * Every trigger decision with its reason, kept in the {@link DecisionStore} (so it survives
 * restarts). A skip for the same kind of reason as the user's previous decision is not stored
 * again — its numbers change with nearly every event ("only 2 events…", "no persona yet: 31 s…"),
 * and a visitor who keeps browsing must not write a row per event; the first of the run is kept,
 * with its words. Every decision to optimize is stored, since those rows also restore the hourly
 * budget after a restart ({@link #optimizationsSince}).
 */
public final class DecisionLog {

    /** One recorded decision. */
    public record Entry(String userId, long decidedAt, String outcome, String reason) {
    }

    /** The outcome of a decision to optimize: these rows restore the hourly budget. */
    private static final String OPTIMIZE = "optimize";

    private static final long HOUR_MS = 3_600_000;

    private final DecisionStore store;
    /** Optimizations started per hour, counted in the store: one budget for every node sharing it. */
    private final int maxPerHour;
    /** How many visitors' last decisions are remembered (a forgotten one is only written once more). */
    static final int MAX_VISITORS_REMEMBERED = 100_000;

    private final RecentKeys<String> lastByUser = new RecentKeys<>(MAX_VISITORS_REMEMBERED);

    /** A log whose budget is unlimited: for tests of the log itself. */
    public DecisionLog(DecisionStore store) {
        this(store, Integer.MAX_VALUE);
    }

    public DecisionLog(DecisionStore store, int maxPerHour) {
        this.store = store;
        this.maxPerHour = maxPerHour;
    }

    /**
     * Keeps the decision, and answers the decision as taken: a decision to optimize is kept only
     * while the hourly budget in the store has room (the store's count covers other nodes on a shared
     * database, which this node's {@link TriggerPolicy} does not see); past it, it becomes a
     * {@code budget_spent} skip.
     */
    public TriggerPolicy.Decision record(String userId, TriggerPolicy.Decision decision, long now) {
        // "optimize" rows restore the hourly budget after a restart; a "match" to a live variant costs nothing
        if (decision.optimize() && decision.code().equals(OPTIMIZE)) {
            if (store.addWithin(new Entry(userId, now, OPTIMIZE, decision.reason()), now - HOUR_MS, maxPerHour)) {
                lastByUser.put(userId, OPTIMIZE);
                return decision;
            }
            decision = TriggerPolicy.Decision.skip("budget_spent", "hourly budget of " + maxPerHour
                    + " optimizations is spent (counted over every node sharing the database)");
        }
        String outcome = decision.optimize() ? decision.code() : "skip";
        if (lastByUser.put(userId, decision.code()).filter(decision.code()::equals).isPresent() && !decision.optimize()) {
            return decision;
        }
        store.add(new Entry(userId, now, outcome, decision.reason()));
        return decision;
    }

    public List<Entry> recentFor(String userId, int limit) {
        return store.recentFor(userId, limit);
    }

    /** When each decision to optimize since {@code sinceMillis} was taken, oldest first. */
    public List<Long> optimizationsSince(long sinceMillis) {
        return store.decidedSince(OPTIMIZE, sinceMillis);
    }

    /** How many visitors' last decisions are remembered now. */
    int remembered() {
        return lastByUser.size();
    }

    public int erase(String userId) {
        lastByUser.remove(userId);
        return store.erase(userId);
    }
}
