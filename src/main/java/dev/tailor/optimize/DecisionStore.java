package dev.tailor.optimize;

import java.util.List;

/**
 * Where the trigger decisions of the {@link DecisionLog} are kept. A decision is derived from
 * durable events, so {@link #add} may reach the disk with the next durable write rather than at
 * once (it survives a crash of the process, not a power loss before then); erasure is durable.
 */
public interface DecisionStore {

    /** Keeps the decision: atomic, flushed to disk later (see above). */
    void add(DecisionLog.Entry entry);

    /** Keeps the decisions, in their order, like {@link #add} each; an adapter writes them in one transaction. */
    default void addAll(List<DecisionLog.Entry> entries) {
        entries.forEach(this::add);
    }

    /** The visitor's latest decisions, newest first. */
    List<DecisionLog.Entry> recentFor(String userId, int limit);

    /** When each decision with this outcome taken after {@code sinceMillis} was taken, oldest first. */
    List<Long> decidedSince(String outcome, long sinceMillis);

    /**
     * The hourly budget: keeps the decision only if fewer than {@code max} decisions with its outcome
     * were taken after {@code sinceMillis}, and says whether it did. Atomic against every writer of
     * the store, other nodes sharing it included, so the budget is one for all of them.
     */
    boolean addWithin(DecisionLog.Entry entry, long sinceMillis, int max);

    /** Deletes the visitor's decisions, durably; returns how many. */
    int erase(String userId);
}
