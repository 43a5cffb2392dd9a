package dev.tailor.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.store.sqlite.Database;
import dev.tailor.store.Periodic;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists profiles into the {@code profiles} table as JSON, written behind: the hot path only
 * marks a visitor as changed ({@link ProfileEngine#drainChanged}); a background flush (every
 * {@code TailorApp.PROFILE_FLUSH_INTERVAL}, 5 seconds, and at {@link #close}) writes every
 * changed profile in one short transaction and deletes the rows of forgotten visitors. The
 * snapshots and their JSON are made before that transaction, outside the database lock that
 * ingest shares. The event log stays the source of truth: a profile row is at most one flush
 * interval behind it, and {@code tailor profiles rebuild} checks that replaying the log gives the
 * same profiles.
 */
public final class ProfileStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProfileStore.class);

    private final Database db;
    private final ProfileEngine engine;
    private final Clock clock;
    private final ObjectMapper json;
    private Periodic flusher;

    public ProfileStore(Database db, ProfileEngine engine, Clock clock, ObjectMapper json) {
        this.db = db;
        this.engine = engine;
        this.clock = clock;
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Starts flushing changed profiles every {@code interval}. */
    public synchronized ProfileStore startFlushing(Duration interval) {
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
            // the snapshots, classification and JSON happen here, outside the database lock: ingest
            // shares that lock, and only the row writes below need it
            Map<String, String> rowsToWrite = new TreeMap<>();
            List<String> rowsToDelete = new ArrayList<>();
            for (String user : users) {
                Optional<Profile> profile = engine.profile(user);
                if (profile.isPresent()) {
                    rowsToWrite.put(user, write(profile.get()));
                } else {
                    rowsToDelete.add(user);
                }
            }
            long now = clock.millis();
            return db.transaction(connection -> {
                int rows = 0;
                try (PreparedStatement upsert = connection.prepareStatement("""
                        insert into profiles (user_id, json, updated_at) values (?, ?, ?)
                        on conflict(user_id) do update set json = excluded.json, updated_at = excluded.updated_at""");
                     PreparedStatement delete = connection.prepareStatement("delete from profiles where user_id = ?")) {
                    for (Map.Entry<String, String> row : rowsToWrite.entrySet()) {
                        upsert.setString(1, row.getKey());
                        upsert.setString(2, row.getValue());
                        upsert.setLong(3, now);
                        rows += upsert.executeUpdate();
                    }
                    for (String user : rowsToDelete) {
                        delete.setString(1, user);
                        rows += delete.executeUpdate();
                    }
                }
                return rows;
            });
        } catch (RuntimeException e) {
            engine.markChanged(users);
            throw e;
        }
    }

    /** Deletes rows of visitors who have no events left (e.g. after events were deleted while Tailor was down). */
    public int deleteOrphans() {
        return db.transaction(connection -> {
            try (var st = connection.createStatement()) {
                return st.executeUpdate("delete from profiles where user_id not in (select user_id from events)");
            }
        });
    }

    /** Deletes the visitor's stored profile now (erasure); true when there was one. */
    public boolean delete(String userId) {
        return db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("delete from profiles where user_id = ?")) {
                st.setString(1, userId);
                return st.executeUpdate() > 0;
            }
        });
    }

    public Optional<Profile> load(String userId) {
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement("select json from profiles where user_id = ?")) {
                st.setString(1, userId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs.getString(1))) : Optional.<Profile>empty();
                }
            }
        });
    }

    /** Every stored profile by visitor, sorted. */
    public Map<String, Profile> loadAll() {
        return db.read(connection -> {
            Map<String, Profile> out = new TreeMap<>();
            try (var st = connection.createStatement(); ResultSet rs = st.executeQuery("select user_id, json from profiles")) {
                while (rs.next()) {
                    out.put(rs.getString(1), read(rs.getString(2)));
                }
            }
            return out;
        });
    }

    /** Replaces every stored profile with the engine's (after a rebuild). */
    public int replaceAll() {
        engine.drainChanged();
        List<String> users = engine.userIds();
        db.transaction(connection -> {
            try (var st = connection.createStatement()) {
                return st.executeUpdate("delete from profiles");
            }
        });
        engine.markChanged(users);
        return flush();
    }

    private String write(Profile p) {
        try {
            return json.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the profile of " + p.userId(), e);
        }
    }

    private Profile read(String body) {
        try {
            return json.readValue(body, Profile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored profile is unreadable: " + e.getOriginalMessage(), e);
        }
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
