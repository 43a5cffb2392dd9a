package dev.tailor.store.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.store.sql.SqlJobStore;
import java.sql.Statement;

/** Optimization jobs on SQLite: the shared SQL of {@link SqlJobStore}, and the table. */
public final class SqliteJobStore extends SqlJobStore {

    static final SqliteSchema SCHEMA = connection -> {
        try (Statement st = connection.createStatement()) {
            st.execute("""
                create table if not exists jobs (
                  id text primary key,
                  user_id text not null,
                  status text not null,
                  created_at integer not null,
                  updated_at integer not null,
                  json text not null)""");
            st.execute("create index if not exists jobs_by_user on jobs(user_id, created_at)");
        }
    };

    /** SQLite's rowid rises with each new row. */
    public SqliteJobStore(Database db, ObjectMapper json) {
        super(db, json, "rowid", new JsonFields("json_extract(json, '$.reused') = 1", "json_extract(json, '$.costUsd')"));
    }
}
