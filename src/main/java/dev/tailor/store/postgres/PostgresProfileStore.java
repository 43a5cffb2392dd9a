package dev.tailor.store.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.store.sql.SqlProfileStore;
import java.sql.PreparedStatement;
import java.util.Map;

/** Profiles on PostgreSQL: the shared SQL of {@link SqlProfileStore}; the table is Flyway's. */
public final class PostgresProfileStore extends SqlProfileStore {

    /** One batch of upserts and one delete of every forgotten visitor: a round trip each, not one per row. */
    public PostgresProfileStore(PostgresDatabase db, ObjectMapper json) {
        super(db, json, (connection, bodies, forgotten, updatedAt) -> {
            int rows = 0;
            if (!bodies.isEmpty()) {
                try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                    for (Map.Entry<String, String> row : bodies.entrySet()) {
                        upsert.setString(1, row.getKey());
                        upsert.setString(2, row.getValue());
                        upsert.setLong(3, updatedAt);
                        upsert.addBatch();
                    }
                    upsert.executeBatch();
                    rows += bodies.size(); // an upsert writes its one row (a rewritten batch reports no counts)
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
}
