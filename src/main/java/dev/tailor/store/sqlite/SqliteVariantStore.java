package dev.tailor.store.sqlite;

import dev.tailor.store.sql.SqlVariantStore;
import java.sql.Statement;

/** The variant catalog on SQLite: the shared SQL of {@link SqlVariantStore}, and the tables. */
public final class SqliteVariantStore extends SqlVariantStore {

    static final SqliteSchema SCHEMA = connection -> {
        try (Statement st = connection.createStatement()) {
            st.execute("""
                create table if not exists variants (
                  plan_hash text not null,
                  base_commit text not null,
                  audience text not null,
                  plan_name text not null,
                  commit_sha text not null,
                  artifact_id text not null,
                  deployment_id text not null,
                  url text not null,
                  created_at integer not null,
                  primary key (plan_hash, base_commit))""");
            st.execute("""
                create table if not exists assignments (
                  user_id text primary key,
                  plan_hash text not null,
                  base_commit text not null,
                  assigned_at integer not null)""");
        }
    };

    public SqliteVariantStore(Database db) {
        super(db);
    }
}
