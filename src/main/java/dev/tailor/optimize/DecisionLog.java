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

    private final DecisionStore store;
    /** How many visitors' last decisions are remembered (a forgotten one is only written once more). */
    static final int MAX_VISITORS_REMEMBERED = 100_000;

    private final RecentKeys<String> lastByUser = new RecentKeys<>(MAX_VISITORS_REMEMBERED);

    public DecisionLog(DecisionStore store) {
        this.store = store;
    }

    public void record(String userId, TriggerPolicy.Decision decision, long now) {
        // "optimize" rows restore the hourly budget after a restart; a "match" to a live variant costs nothing
        String outcome = decision.optimize() ? decision.code() : "skip";
        if (lastByUser.put(userId, decision.code()).filter(decision.code()::equals).isPresent() && !decision.optimize()) {
            return;
        }
        store.add(new Entry(userId, now, outcome, decision.reason()));
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
