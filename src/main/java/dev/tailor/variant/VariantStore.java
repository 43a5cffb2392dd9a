package dev.tailor.variant;

import java.util.List;
import java.util.Optional;

/**
 * Where the {@link VariantCatalog} keeps the variants and the visitors' assignments to them. The
 * catalog reads everything once, at start, and writes through; every write is durable (on disk
 * before it returns), so a visitor is never routed to something a restart would forget.
 */
public interface VariantStore {

    /** Every variant ever made, current or stale. */
    List<LiveVariant> variants();

    /** Every visitor's assignment. */
    List<Assignment> assignments();

    /**
     * One visitor's assignment, for a visitor the catalog forgot to bound its memory. This default
     * scans {@link #assignments}; the SQLite and PostgreSQL adapters answer by the primary key.
     */
    default Optional<Assignment> assignmentOf(String userId) {
        return assignments().stream().filter(a -> a.userId().equals(userId)).findFirst();
    }

    /** Stores the variant, replacing the one with the same plan hash and base commit. */
    void save(LiveVariant variant);

    /** Stores the assignment, replacing the visitor's previous one. */
    void assign(Assignment assignment);

    /**
     * Stores the assignments like {@link #assign} each, durably before it returns; an adapter writes
     * them in one transaction (a plan's flood of visitors matched to its variant costs one commit).
     */
    default void assignAll(List<Assignment> assignments) {
        assignments.forEach(this::assign);
    }

    /** Deletes the visitor's assignment; returns whether there was one. */
    boolean unassign(String userId);
}
