package dev.tailor.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.experiment.Rollout;
import dev.tailor.experiment.RolloutStatus;
import dev.tailor.experiment.RolloutStore;
import dev.tailor.experiment.RolloutStoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRolloutStoreTest extends RolloutStoreContract {

    @TempDir
    Path dir;

    private Database db;
    private int goals;

    @Override
    protected RolloutStore newStore() {
        db = Database.open(dir.resolve("tailor.db"));
        return new SqliteRolloutStore(db);
    }

    @Override
    protected void eventReceived(String userId, String event, String goal, double timeSpent, long receivedAt) {
        db.transaction(c -> {
            try (var st = c.prepareStatement("insert into events (event_id, user_id, event, goal, time_spent, occurred_at,"
                    + " received_at, payload) values (?, ?, ?, ?, ?, ?, ?, '{}')")) {
                st.setString(1, "event-" + ++goals);
                st.setString(2, userId);
                st.setString(3, event);
                st.setString(4, goal);
                st.setDouble(5, timeSpent);
                st.setLong(6, receivedAt);
                st.setLong(7, receivedAt);
                return st.executeUpdate();
            }
        });
    }

    @Override
    protected void goalReceived(String userId, long receivedAt) {
        db.transaction(c -> {
            try (var st = c.prepareStatement("insert into events (event_id, user_id, event, goal, occurred_at, received_at,"
                    + " payload) values (?, ?, 'goal', 'signup', ?, ?, '{}')")) {
                st.setString(1, "goal-" + ++goals);
                st.setString(2, userId);
                st.setLong(3, receivedAt);
                st.setLong(4, receivedAt);
                return st.executeUpdate();
            }
        });
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void aRolloutIsAddedToItsHistoryOnlyWhenAskedAndSurvivesARestart() {
        Rollout started = rollout("plan@base", 5, RolloutStatus.ROLLING_OUT, 0);
        Rollout looked = rollout("plan@base", 5, RolloutStatus.ROLLING_OUT, 1);
        Rollout promoted = rollout("plan@base", 25, RolloutStatus.ROLLING_OUT, 0);
        new SqliteRolloutStore(db).save(started, true);
        new SqliteRolloutStore(db).save(looked, false);
        new SqliteRolloutStore(db).save(promoted, true);
        db.close();
        db = Database.open(dir.resolve("tailor.db"));
        assertThat(new SqliteRolloutStore(db).rollouts()).containsExactly(promoted);
        assertThat(query("select group_concat(percent || ':' || status || ':' || at || ':' || reason, ',')"
                + " from (select * from rollout_history where variant_key = 'plan@base' order by id)"))
                .isEqualTo("5:rolling_out:1005:at 5%,25:rolling_out:1025:at 25%");
    }

    @Test
    void aFileFromBeforeLooksWereCountedOpensWithNoLooksSpent() throws Exception {
        Path file = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            // the rollouts table as an older Tailor created it
            st.execute("""
                    create table rollouts (
                      variant_key text primary key, variant text not null, owner text not null, percent integer not null,
                      status text not null, stage_started_at integer not null, reason text not null)""");
            st.execute("insert into rollouts values ('plan@base', 'content_rich', 'ann', 25, 'rolling_out', 7, 'promoted')");
        }
        try (Database old = Database.open(file)) {
            assertThat(new SqliteRolloutStore(old).rollouts())
                    .containsExactly(new Rollout("plan@base", "content_rich", "ann", 25, RolloutStatus.ROLLING_OUT, 7, "promoted", 0));
        }
        try (Database again = Database.open(file)) { // opening again does not migrate again
            assertThat(new SqliteRolloutStore(again).rollouts()).hasSize(1);
        }
    }

    private String query(String sql) {
        return db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }
}
