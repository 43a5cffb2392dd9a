package dev.tailor.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.profile.Profile;
import dev.tailor.profile.ProfileStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Profiles in the table {@code profiles}, one JSON document per visitor; every write one durable transaction. */
public final class PostgresProfileStore implements ProfileStore {

    private final PostgresDatabase db;
    private final ObjectMapper json;

    public PostgresProfileStore(PostgresDatabase db, ObjectMapper json) {
        this.db = db;
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Override
    public int write(Collection<Profile> profiles, Collection<String> forgotten, long updatedAt) {
        Map<String, String> rowsToWrite = new TreeMap<>(); // sorted: two nodes writing the same visitors lock rows in one order
        for (Profile profile : profiles) {
            rowsToWrite.put(profile.userId(), write(profile));
        }
        return db.transaction(connection -> {
            int rows = 0;
            if (!rowsToWrite.isEmpty()) {
                try (PreparedStatement upsert = connection.prepareStatement("""
                        insert into profiles (user_id, json, updated_at) values (?, ?, ?)
                        on conflict (user_id) do update set json = excluded.json, updated_at = excluded.updated_at""")) {
                    for (Map.Entry<String, String> row : rowsToWrite.entrySet()) {
                        upsert.setString(1, row.getKey());
                        upsert.setString(2, row.getValue());
                        upsert.setLong(3, updatedAt);
                        upsert.addBatch();
                    }
                    upsert.executeBatch();
                    rows += rowsToWrite.size(); // an upsert writes its one row (a rewritten batch reports no counts)
                }
            }
            if (!forgotten.isEmpty()) {
                try (PreparedStatement delete = connection.prepareStatement("delete from profiles where user_id = any (?)")) {
                    delete.setArray(1, connection.createArrayOf("text", forgotten.toArray()));
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
                return st.executeUpdate("delete from profiles p where not exists (select 1 from events e where e.user_id = p.user_id)");
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
