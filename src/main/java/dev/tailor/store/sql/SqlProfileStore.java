package dev.tailor.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.profile.Profile;
import dev.tailor.profile.ProfileStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Profiles in the table {@code profiles}, one JSON document per visitor, the same SQL on SQLite and
 * PostgreSQL; every write one durable transaction. The JSON is made and read outside the database's
 * lock or connection (ingest shares the SQLite lock; only the row writes need it). The adapters
 * differ only in how they write a batch of rows ({@link Rows}).
 */
public class SqlProfileStore implements ProfileStore {

    /** Writes profiles' rows and deletes forgotten visitors' in the transaction it is given; returns the rows written. */
    @FunctionalInterface
    public interface Rows {
        /**
         * @param bodies    each visitor's profile JSON, sorted by visitor id (two nodes writing the same
         *                  visitors lock rows in one order)
         * @param forgotten the visitors whose rows go
         */
        int write(Connection connection, Map<String, String> bodies, Collection<String> forgotten, long updatedAt)
                throws SQLException;
    }

    /** The upsert both databases take. */
    public static final String UPSERT = """
            insert into profiles (user_id, json, updated_at) values (?, ?, ?)
            on conflict (user_id) do update set json = excluded.json, updated_at = excluded.updated_at""";

    private final Jdbc db;
    private final ObjectMapper json;
    private final Rows rows;

    public SqlProfileStore(Jdbc db, ObjectMapper json, Rows rows) {
        this.db = db;
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.rows = rows;
    }

    @Override
    public int write(Collection<Profile> profiles, Collection<String> forgotten, long updatedAt) {
        Map<String, String> bodies = new TreeMap<>();
        for (Profile profile : profiles) {
            bodies.put(profile.userId(), write(profile));
        }
        return db.transaction(connection -> rows.write(connection, bodies, forgotten, updatedAt));
    }

    @Override
    public int deleteOrphans() {
        return db.transaction(connection -> {
            try (var st = connection.createStatement()) {
                return st.executeUpdate("delete from profiles where not exists (select 1 from events e where e.user_id = profiles.user_id)");
            }
        });
    }

    @Override
    public boolean delete(String userId) {
        return db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("delete from profiles where user_id = ?")) {
                st.setString(1, userId);
                return st.executeUpdate() > 0;
            }
        });
    }

    @Override
    public int deleteAll() {
        return db.transaction(connection -> {
            try (var st = connection.createStatement()) {
                return st.executeUpdate("delete from profiles");
            }
        });
    }

    @Override
    public Optional<Profile> load(String userId) {
        String body = db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement("select json from profiles where user_id = ?")) {
                st.setString(1, userId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        return Optional.ofNullable(body).map(this::read);
    }

    @Override
    public Map<String, Profile> loadAll() {
        Map<String, String> bodies = db.read(connection -> {
            Map<String, String> out = new TreeMap<>();
            try (var st = connection.createStatement(); ResultSet rs = st.executeQuery("select user_id, json from profiles")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        });
        Map<String, Profile> out = new TreeMap<>();
        bodies.forEach((user, body) -> out.put(user, read(body)));
        return out;
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
}
