package dev.tailor.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.profile.Profile;
import dev.tailor.profile.ProfileStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Profiles in the table {@code profiles}, one JSON document per visitor. Every write is one
 * durable {@link Database#transaction}.
 */
public final class SqliteProfileStore implements ProfileStore {

    /** The table; it has had no migration so far. */
    static final SqliteSchema SCHEMA = connection -> {
        try (Statement st = connection.createStatement()) {
            st.execute("""
                create table if not exists profiles (
                  user_id text primary key,
                  json text not null,
                  updated_at integer not null)""");
        }
    };

    private final Database db;
    private final ObjectMapper json;

    public SqliteProfileStore(Database db, ObjectMapper json) {
        this.db = db;
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Override
    public int write(Collection<Profile> profiles, Collection<String> forgotten, long updatedAt) {
        // the JSON is made here, outside the database lock: ingest shares that lock, and only the
        // row writes below need it
        Map<String, String> rowsToWrite = new TreeMap<>();
        for (Profile profile : profiles) {
            rowsToWrite.put(profile.userId(), write(profile));
        }
        return db.transaction(connection -> {
            int rows = 0;
            try (PreparedStatement upsert = connection.prepareStatement("""
                    insert into profiles (user_id, json, updated_at) values (?, ?, ?)
                    on conflict(user_id) do update set json = excluded.json, updated_at = excluded.updated_at""");
                 PreparedStatement delete = connection.prepareStatement("delete from profiles where user_id = ?")) {
                for (Map.Entry<String, String> row : rowsToWrite.entrySet()) {
                    upsert.setString(1, row.getKey());
                    upsert.setString(2, row.getValue());
                    upsert.setLong(3, updatedAt);
                    rows += upsert.executeUpdate();
                }
                for (String user : forgotten) {
                    delete.setString(1, user);
                    rows += delete.executeUpdate();
                }
            }
            return rows;
        });
    }

    @Override
    public int deleteOrphans() {
        return db.transaction(connection -> {
            try (var st = connection.createStatement()) {
                return st.executeUpdate("delete from profiles where user_id not in (select user_id from events)");
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
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement("select json from profiles where user_id = ?")) {
                st.setString(1, userId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs.getString(1))) : Optional.<Profile>empty();
                }
            }
        });
    }

    @Override
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
