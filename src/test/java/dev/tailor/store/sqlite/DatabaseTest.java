package dev.tailor.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store: per-visitor dedup (and its migration), no nested transactions, durability restored or fatal. */
class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void aFileWithTheOldGlobalEventIdKeyIsMigratedToPerVisitorDedupKeepingEveryRowAndSeq() throws Exception {
        Path file = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement()) {
            // the events table as an older Tailor created it
            st.execute("""
                    create table events (
                      seq integer primary key autoincrement,
                      event_id text not null unique,
                      user_id text not null,
                      session_id text, event text not null, section text, time_spent real, scroll_depth real,
                      goal text, device text, occurred_at integer not null, received_at integer not null,
                      payload text not null)""");
            st.execute("insert into events (event_id, user_id, event, occurred_at, received_at, payload)"
                    + " values ('e1', 'ann', 'page_view', 1, 1, '{}'), ('e2', 'ann', 'page_view', 2, 2, '{}'),"
                    + " ('e3', 'ann', 'page_view', 3, 3, '{}')");
            st.execute("delete from events where event_id = 'e3'"); // the counter stays at 3
        }

        try (Database db = Database.open(file)) {
            assertThat(query(db, "select group_concat(seq || ':' || user_id || ':' || event_id, ',') from (select * from events order by seq)"))
                    .isEqualTo("1:ann:e1,2:ann:e2");
            // bob's e1 is his own event now; ann's e1 again is still a duplicate
            assertThat(insert(db, "e1", "bob")).isEqualTo(1);
            assertThat(insert(db, "e1", "ann")).isZero();
            // the autoincrement counter went on from where it was: no seq is reused
            assertThat(query(db, "select seq from events where user_id = 'bob'")).isEqualTo("4");
            assertThat(query(db, "select group_concat(name) from pragma_index_list('events') where origin = 'c'"))
                    .as("the index by received time; the unique key serves queries by visitor").isEqualTo("events_by_received");
        }
        // opening again does not migrate again
        try (Database db = Database.open(file)) {
            assertThat(query(db, "select count(*) from events")).isEqualTo("3");
        }
    }

    @Test
    void aFreshFileDedupsPerVisitor() {
        try (Database db = Database.open(dir.resolve("fresh.db"))) {
            assertThat(insert(db, "e1", "ann")).isEqualTo(1);
            assertThat(insert(db, "e1", "bob")).isEqualTo(1);
            assertThat(insert(db, "e1", "bob")).isZero();
        }
    }

    @Test
    void aTransactionInsideATransactionIsRefusedAndTheOuterOneRollsBack() {
        try (Database db = Database.open(dir.resolve("nest.db"))) {
            assertThatThrownBy(() -> db.transaction(c -> {
                insert(c, "e1", "ann");
                return db.transaction(inner -> insert(inner, "e2", "ann"));
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("do not nest");

            assertThat(query(db, "select count(*) from events")).isEqualTo("0");
            // and the connection is usable afterwards
            assertThat(insert(db, "e3", "ann")).isEqualTo(1);
            assertThat(query(db, "select count(*) from events")).isEqualTo("1");
        }
    }

    @Test
    void whenDurableCommitsCannotBeRestoredItThrowsAndTheNextUseIsDurableAgain() {
        try (Database db = Database.open(dir.resolve("sync.db"))) {
            assertThat(query(db, "pragma synchronous")).isEqualTo("2"); // FULL
            db.restoreDurability = "pragma this is not sql";

            assertThatThrownBy(() -> db.transactionFlushedLater(c -> insert(c, "e1", "ann")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("synchronous=full");

            // never silently left at NORMAL: the connection was reopened with FULL
            assertThat(query(db, "pragma synchronous")).isEqualTo("2");
            assertThat(query(db, "select count(*) from events")).isEqualTo("1"); // the work itself was committed
            db.restoreDurability = "pragma synchronous=full";
            db.transactionFlushedLater(c -> insert(c, "e2", "ann"));
            assertThat(query(db, "pragma synchronous")).isEqualTo("2");
        }
    }

    @Test
    void withProcessDurabilityCommitsDoNotWaitForTheDiskAndStayThatWayAfterAFlushedLaterCommit() {
        try (Database db = Database.open(dir.resolve("process.db"), dev.tailor.config.Durability.PROCESS)) {
            assertThat(db.durability()).isEqualTo(dev.tailor.config.Durability.PROCESS);
            assertThat(query(db, "pragma synchronous")).isEqualTo("1"); // NORMAL
            assertThat(query(db, "pragma journal_mode")).as("NORMAL keeps a commit across a kill only in WAL mode")
                    .isEqualTo("wal");
            db.transactionFlushedLater(c -> insert(c, "e1", "ann"));
            assertThat(query(db, "pragma synchronous")).isEqualTo("1");
        }
        try (Database db = Database.open(dir.resolve("full.db"))) {
            assertThat(db.durability()).isEqualTo(dev.tailor.config.Durability.FULL);
            assertThat(query(db, "pragma synchronous")).isEqualTo("2");
        }
    }

    @Test
    void anOlderFilesIndexByVisitorIsDroppedAndQueriesByVisitorUseTheUniqueKey() throws Exception {
        Path file = dir.resolve("old-index.db");
        try (Database db = Database.open(file)) {
            db.read(c -> {
                try (var st = c.createStatement()) {
                    st.execute("create index events_by_user on events(user_id, seq)"); // as Tailor created it before
                }
                return null;
            });
        }
        try (Database db = Database.open(file)) {
            assertThat(query(db, "select count(*) from pragma_index_list('events') where name = 'events_by_user'")).isEqualTo("0");
            for (String byVisitor : List.of("select * from events where user_id = 'ann' order by seq",
                    "delete from events where user_id = 'ann'")) {
                assertThat(plan(db, byVisitor)).as(byVisitor).contains("USING INDEX sqlite_autoindex_events_1 (user_id=?)")
                        .doesNotContain("SCAN events");
            }
        }
    }

    private static String plan(Database db, String sql) {
        return db.read(c -> {
            StringBuilder out = new StringBuilder();
            try (var st = c.createStatement(); var rs = st.executeQuery("explain query plan " + sql)) {
                while (rs.next()) {
                    out.append(rs.getString("detail")).append('\n');
                }
            }
            return out.toString();
        });
    }

    private static String query(Database db, String sql) {
        return db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    private static int insert(Database db, String eventId, String user) {
        return db.transaction(c -> insert(c, eventId, user));
    }

    private static int insert(Connection c, String eventId, String user) throws java.sql.SQLException {
        try (var st = c.prepareStatement("insert or ignore into events (event_id, user_id, event, occurred_at, received_at,"
                + " payload) values (?, ?, 'page_view', 0, 0, '{}')")) {
            st.setString(1, eventId);
            st.setString(2, user);
            return st.executeUpdate();
        }
    }
}
