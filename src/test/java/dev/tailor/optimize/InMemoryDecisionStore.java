package dev.tailor.optimize;

import java.util.ArrayList;
import java.util.List;

/**
 * Trigger decisions in memory, for tests that need no SQLite. Thread-safe: every method holds
 * this object's lock, so a call is atomic.
 */
public final class InMemoryDecisionStore implements DecisionStore {

    /** In the order they were added. */
    private final List<DecisionLog.Entry> entries = new ArrayList<>();

    @Override
    public synchronized void add(DecisionLog.Entry entry) {
        entries.add(entry);
    }

    @Override
    public synchronized List<DecisionLog.Entry> recentFor(String userId, int limit) {
        List<DecisionLog.Entry> out = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0 && out.size() < limit; i--) {
            if (entries.get(i).userId().equals(userId)) {
                out.add(entries.get(i));
            }
        }
        return out;
    }

    @Override
    public synchronized List<Long> decidedSince(String outcome, long sinceMillis) {
        return entries.stream().filter(e -> e.outcome().equals(outcome) && e.decidedAt() > sinceMillis)
                .map(DecisionLog.Entry::decidedAt).sorted().toList();
    }

    @Override
    public synchronized boolean addWithin(DecisionLog.Entry entry, long sinceMillis, int max) {
        if (decidedSince(entry.outcome(), sinceMillis).size() >= max) {
            return false;
        }
        entries.add(entry);
        return true;
    }

    @Override
    public synchronized int erase(String userId) {
        int before = entries.size();
        entries.removeIf(e -> e.userId().equals(userId));
        return before - entries.size();
    }
}
