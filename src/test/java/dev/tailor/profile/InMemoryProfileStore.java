package dev.tailor.profile;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Profiles in memory, for tests that need no SQLite. Thread-safe: every method holds this
 * object's lock, so a call is atomic.
 */
public final class InMemoryProfileStore implements ProfileStore {

    private final Map<String, Profile> profiles = new TreeMap<>();
    private final Predicate<String> hasEvents;

    /**
     * @param hasEvents whether the event log holds an event of the visitor; a stored profile
     *                  without one is an orphan ({@link #deleteOrphans})
     */
    public InMemoryProfileStore(Predicate<String> hasEvents) {
        this.hasEvents = hasEvents;
    }

    @Override
    public synchronized int write(Collection<Profile> written, Collection<String> forgotten, long updatedAt) {
        int rows = 0;
        for (Profile p : written) {
            profiles.put(p.userId(), p);
            rows++;
        }
        for (String user : forgotten) {
            if (profiles.remove(user) != null) {
                rows++;
            }
        }
        return rows;
    }

    @Override
    public synchronized boolean delete(String userId) {
        return profiles.remove(userId) != null;
    }

    @Override
    public synchronized int deleteOrphans() {
        int before = profiles.size();
        profiles.keySet().removeIf(user -> !hasEvents.test(user));
        return before - profiles.size();
    }

    @Override
    public synchronized int deleteAll() {
        int rows = profiles.size();
        profiles.clear();
        return rows;
    }

    @Override
    public synchronized Optional<Profile> load(String userId) {
        return Optional.ofNullable(profiles.get(userId));
    }

    @Override
    public synchronized Map<String, Profile> loadAll() {
        return new TreeMap<>(profiles);
    }
}
