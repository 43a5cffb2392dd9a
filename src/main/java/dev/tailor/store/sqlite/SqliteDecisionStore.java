package dev.tailor.store.sqlite;

import dev.tailor.store.sql.SqlDecisionStore;
import java.sql.Statement;

/** Trigger decisions on SQLite: the shared SQL of {@link SqlDecisionStore}, and the table. */
public final class SqliteDecisionStore extends SqlDecisionStore {

    /** The table and its indexes ({@code decisions_by_outcome} came later: created on older files too). */
    static final SqliteSchema SCHEMA = connection -> {
        try (Statement st = connection.createStatement()) {
            st.execute("""
                create table if not exists trigger_decisions (
                  id integer primary key autoincrement,
                  user_id text not null,
                  decided_at integer not null,
                  outcome text not null,
                  reason text not null)""");
            st.execute("create index if not exists decisions_by_user on trigger_decisions(user_id, id)");
            st.execute("create index if not exists decisions_by_outcome on trigger_decisions(outcome, decided_at)");
        }
    };

    /** One node per SQLite file: the database's one connection (its lock) already makes a claim one step. */
    public SqliteDecisionStore(Database db) {
        super(db, connection -> { });
    }
}
