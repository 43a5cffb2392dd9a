package dev.tailor.profile;

import dev.tailor.schedule.Periodic;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Persists profiles into the {@link ProfileStore}, written behind: the hot path only marks a
 * visitor as changed ({@link ProfileEngine#drainChanged}); a background flush (every
 * {@code TailorApp.PROFILE_FLUSH_INTERVAL}, 5 seconds, and at {@link #close}) writes every
 * changed profile in one short transaction and deletes the rows of forgotten visitors. The
 * snapshots and their JSON are made before that transaction, outside the database lock that
 * ingest shares. The event log stays the source of truth: a profile row is at most one flush
 * interval behind it, and {@code tailor profiles rebuild} checks that replaying the log gives the
 * same profiles.
 */
public final class ProfileWriteBehind implements AutoCloseable {

    private final ProfileStore store;
    private final ProfileEngine engine;
    private final Clock clock;
    private Periodic flusher;

    public ProfileWriteBehind(ProfileStore store, ProfileEngine engine, Clock clock) {
        this.store = store;
        this.engine = engine;
        this.clock = clock;
    }

    /** Starts flushing changed profiles every {@code interval}. */
    public synchronized ProfileWriteBehind startFlushing(Duration interval) {
        if (flusher == null) {
            flusher = Periodic.every(interval, "tailor-profile-flush", this::flush);
        }
        return this;
    }

    /**
     * Writes every profile that changed since the last flush (and deletes forgotten ones).
     *
     * @return how many rows were written or deleted
     */
    public synchronized int flush() {
        Set<String> users = engine.drainChanged();
        if (users.isEmpty()) {
            return 0;
        }
        try {
            // the snapshots and classification happen here, outside the database lock: ingest
            // shares that lock, and only the row writes need it
            List<Profile> rowsToWrite = new ArrayList<>();
            List<String> rowsToDelete = new ArrayList<>();
            for (String user : users) {
                Optional<Profile> profile = engine.profile(user);
                if (profile.isPresent()) {
                    rowsToWrite.add(profile.get());
                } else {
                    rowsToDelete.add(user);
                }
            }
            return store.write(rowsToWrite, rowsToDelete, clock.millis());
        } catch (RuntimeException e) {
            engine.markChanged(users);
            throw e;
        }
    }

    /** Deletes rows of visitors who have no events left (e.g. after events were deleted while Tailor was down). */
    public int deleteOrphans() {
        return store.deleteOrphans();
    }

    /** Deletes the visitor's stored profile now (erasure); true when there was one. */
    public boolean delete(String userId) {
        return store.delete(userId);
    }

    /** Replaces every stored profile with the engine's (after a rebuild). */
    public int replaceAll() {
        engine.drainChanged();
        List<String> users = engine.userIds();
        store.deleteAll();
        engine.markChanged(users);
        return flush();
    }

    /** Stops the background flush and writes what is left. */
    @Override
    public void close() {
        Periodic f;
        synchronized (this) {
            f = flusher;
            flusher = null;
        }
        if (f != null) {
            f.close();
        }
        flush();
    }
}
