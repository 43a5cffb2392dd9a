package dev.tailor.store.sqlite;

import dev.tailor.store.sql.SqlRolloutStore;
import java.sql.Statement;

/** Rollouts on SQLite: the shared SQL of {@link SqlRolloutStore}, and the tables and their migration. */
public final class SqliteRolloutStore extends SqlRolloutStore {

    static final SqliteSchema SCHEMA = connection -> {
        try (Statement st = connection.createStatement()) {
            st.execute("""
                create table if not exists rollouts (
                  variant_key text primary key,
                  variant text not null,
                  owner text not null,
                  percent integer not null,
                  status text not null,
                  stage_started_at integer not null,
                  reason text not null,
                  looks integer not null default 0)""");
            st.execute("""
                create table if not exists rollout_history (
                  id integer primary key autoincrement,
                  variant_key text not null,
                  at integer not null,
                  percent integer not null,
                  status text not null,
                  reason text not null)""");
            st.execute("""
                create table if not exists exposures (
                  variant_key text not null,
                  stage integer not null,
                  user_id text not null,
                  arm text not null,
                  first_seen_at integer not null,
                  primary key (variant_key, stage, user_id))""");
            st.execute("create index if not exists exposures_by_user on exposures(user_id)");
            // the stages' numbers over time, for the dashboard's charts (see SnapshotSpacing): counts, no visitor ids
            st.execute("""
                create table if not exists rollout_snapshots (
                  variant_key text not null,
                  at integer not null,
                  stage integer not null,
                  arm text not null,
                  metric text not null,
                  visitors integer not null,
                  reached integer not null,
                  primary key (variant_key, at, arm, metric))""");
            // files from before a stage was tested for a decline at spaced looks have no count of them
            if (!Database.hasColumn(connection, "rollouts", "looks")) {
                st.execute("alter table rollouts add column looks integer not null default 0");
            }
        }
    };

    /** SQLite's like already ignores the case of ASCII letters. */
    public SqliteRolloutStore(Database db) {
        super(db, "like");
    }
}
