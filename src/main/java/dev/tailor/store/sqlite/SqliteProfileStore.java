package dev.tailor.store.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.store.sql.SqlProfileStore;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;

/** Profiles on SQLite: the shared SQL of {@link SqlProfileStore}, the table, and rows written one by one. */
public final class SqliteProfileStore extends SqlProfileStore {

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

    /** Row by row: SQLite's statements run in process, so a batch would save no round trips. */
    public SqliteProfileStore(Database db, ObjectMapper json) {
        super(db, json, (connection, bodies, forgotten, updatedAt) -> {
            int rows = 0;
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT);
                 PreparedStatement delete = connection.prepareStatement("delete from profiles where user_id = ?")) {
                for (Map.Entry<String, String> row : bodies.entrySet()) {
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
}
