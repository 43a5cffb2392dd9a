package dev.tailor.store.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.schedule.Leases;
import dev.tailor.store.Stores;
import dev.tailor.store.sql.SqlErasureMarks;
import java.nio.file.Path;

/** The embedded default: every store in one SQLite file. */
public final class SqliteStores {

    private SqliteStores() {
    }

    /** Opens (creating or migrating) the file and every adapter on its one connection. */
    public static Stores open(Path file, ObjectMapper json) {
        return open(file, json, dev.tailor.config.Durability.FULL);
    }

    /** @param durability how far a commit goes before an event is acknowledged ({@code TAILOR_DURABILITY}) */
    public static Stores open(Path file, ObjectMapper json, dev.tailor.config.Durability durability) {
        Database db = Database.open(file, durability);
        return new Stores(new SqliteEventStore(db), new SqliteProfileStore(db, json), new SqliteDecisionStore(db),
                new SqliteJobStore(db, json), new SqliteVariantStore(db), new SqliteRolloutStore(db),
                new SqlErasureMarks(db), db,
                Leases.SINGLE_NODE, false, db::probe);
    }
}
