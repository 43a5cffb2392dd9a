package dev.tailor.optimize;

import dev.tailor.schedule.Periodic;
import dev.tailor.visitor.RecentKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every trigger decision with its reason, kept in the {@link DecisionStore} (so it survives
 * restarts). A skip for the same kind of reason as the user's previous decision is not stored
 * again — its numbers change with nearly every event ("only 2 events…", "no persona yet: 31 s…"),
 * and a visitor who keeps browsing must not write a row per event; the first of the run is kept,
 * with its words. Every decision to optimize is stored, since those rows also restore the hourly
 * budget after a restart ({@link #optimizationsSince}), and are written at once; the others are
 * written behind, every {@code startFlushing} interval in one transaction, by a thread of their own
 * (JFR under the trigger-backlog attack: the trigger's threads spent most of their time waiting for
 * the database lock to write one decision each, behind the event log's group commits). Should more
 * than {@value #MAX_WAITING} wait (the store is slower than the trigger), the thread recording one
 * writes them itself.
 */
public final class DecisionLog implements AutoCloseable {

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

    /** How many decisions wait at most before the thread recording the last of them writes them all. */
    static final int MAX_WAITING = 50_000;
    /** Decisions recorded and not yet written, oldest first. */
    private final List<Entry> pending = new ArrayList<>();
    /** Held while a batch is written, so that batches reach the store in the order they were taken. */
    private final Object flushing = new Object();
    private Periodic flusher;

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
            flush(); // what was decided before it is written before it: the store's order is the order of decisions
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
        boolean full;
        synchronized (pending) {
            pending.add(new Entry(userId, now, outcome, decision.reason()));
            full = pending.size() >= MAX_WAITING;
        }
        if (full) {
            flush();
        }
        return decision;
    }

    /**
     * Writes the decisions recorded since the last flush, in one transaction. A batch the store
     * refuses is dropped with the error: decisions are derived, the events they come from are kept.
     */
    public void flush() {
        synchronized (flushing) {
            List<Entry> batch;
            synchronized (pending) {
                if (pending.isEmpty()) {
                    return;
                }
                batch = List.copyOf(pending);
                pending.clear();
            }
            store.addAll(batch);
        }
    }

    /** Flushes every {@code interval} from now on, on a thread of its own, until {@link #close}. */
    public synchronized void startFlushing(Duration interval) {
        if (flusher == null) {
            flusher = Periodic.every(interval, "tailor-decision-flush", this::flush);
        }
    }

    /** The visitor's latest decisions, newest first, those not yet written included. */
    public List<Entry> recentFor(String userId, int limit) {
        synchronized (flushing) { // no batch between reading what waits and what is stored
            List<Entry> out = new ArrayList<>();
            synchronized (pending) {
                for (int i = pending.size() - 1; i >= 0 && out.size() < limit; i--) {
                    if (pending.get(i).userId().equals(userId)) {
                        out.add(pending.get(i));
                    }
                }
            }
            if (out.size() < limit) {
                out.addAll(store.recentFor(userId, limit - out.size()));
            }
            return out;
        }
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
        synchronized (flushing) {
            lastByUser.remove(userId);
            int waiting;
            synchronized (pending) {
                int before = pending.size();
                pending.removeIf(e -> e.userId().equals(userId));
                waiting = before - pending.size();
            }
            return waiting + store.erase(userId);
        }
    }

    /** Stops the periodic flush and writes what waits. */
    @Override
    public void close() {
        Periodic stopping;
        synchronized (this) {
            stopping = flusher;
            flusher = null;
        }
        if (stopping != null) {
            stopping.close();
        }
        flush();
    }
}
