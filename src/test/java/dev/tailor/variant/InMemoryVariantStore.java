package dev.tailor.variant;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Variants and assignments in memory, keyed as the SQLite tables are. */
public final class InMemoryVariantStore implements VariantStore {

    private final Map<String, LiveVariant> variants = new ConcurrentHashMap<>();
    private final Map<String, Assignment> assignments = new ConcurrentHashMap<>();

    @Override
    public List<LiveVariant> variants() {
        return List.copyOf(variants.values());
    }

    @Override
    public List<Assignment> assignments() {
        return List.copyOf(assignments.values());
    }

    @Override
    public void save(LiveVariant variant) {
        variants.put(variant.key(), variant);
    }

    @Override
    public void assign(Assignment assignment) {
        assignments.put(assignment.userId(), assignment);
    }

    @Override
    public boolean unassign(String userId) {
        return assignments.remove(userId) != null;
    }
}
