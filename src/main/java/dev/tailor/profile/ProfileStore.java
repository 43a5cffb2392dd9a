package dev.tailor.profile;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Where profiles are persisted. They are derived state (the event log is the source of truth),
 * written behind by {@link ProfileWriteBehind}. Every write is durable (on disk before it
 * returns) and atomic.
 */
public interface ProfileStore {

    /**
     * Writes the given profiles (replacing a visitor's stored one) and deletes the stored profiles
     * of the forgotten visitors, all in one durable transaction, each written row stamped
     * {@code updatedAt}.
     *
     * @return how many profiles were written or deleted
     */
    int write(Collection<Profile> profiles, Collection<String> forgotten, long updatedAt);

    /** Deletes the visitor's stored profile; true when there was one. */
    boolean delete(String userId);

    /**
     * Deletes, in one transaction, the stored profiles of visitors who have no event left in the
     * event log (the profiles and the events share one store); returns how many.
     */
    int deleteOrphans();

    /** Deletes every stored profile; returns how many. */
    int deleteAll();

    Optional<Profile> load(String userId);

    /** Every stored profile by visitor, sorted. */
    Map<String, Profile> loadAll();
}
