package dev.tailor.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.store.sqlite.Database;
import dev.tailor.store.sqlite.SqliteEventStore;
import dev.tailor.track.EventLog;
import dev.tailor.track.TrackEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ProfileEngine holds at most its bound of visitors (least recently used forgotten first) and
 * rebuilds a forgotten one from the real SQLite event store when they return: the profile is the
 * one an unbounded engine holds for the same events.
 */
class BoundedProfilesTest {

    @TempDir
    Path dir;

    @Test
    void aVisitorForgottenToMakeRoomComesBackWithTheirWholeProfile() throws Exception {
        ProfileEngine bounded = new ProfileEngine(Events.settings(Map.of()), Events.acmeTopics(), 3);
        ProfileEngine unbounded = Events.engine(Map.of());
        try (Database db = Database.open(dir.resolve("t.db"));
             EventLog log = new EventLog(new SqliteEventStore(db), Clock.systemUTC(), stored -> {
                 bounded.onStored(stored);
                 unbounded.onStored(stored);
             })) {
            bounded.rebuildFrom(log::eventsOf);
            long at = Events.T0;
            for (String user : List.of("ann", "bob", "cy", "dee", "eve")) {
                List<TrackEvent> visit = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    visit.add(Events.dwell(user, "AnalyticsDashboard", 40, at += 1_000));
                }
                log.append(visit, List.of()).get(5, TimeUnit.SECONDS);
            }
            assertThat(bounded.size()).isEqualTo(3);
            assertThat(bounded.userIds()).containsExactlyInAnyOrder("cy", "dee", "eve");
            // read while forgotten: computed from the store, not held again
            assertThat(bounded.profile("ann").map(Profile::events)).contains(4L);
            assertThat(bounded.size()).isEqualTo(3);

            // ann returns: her earlier events are replayed from the store, this group is applied once
            log.append(List.of(Events.dwell("ann", "QuickCTA", 5, at += 1_000), Events.dwell("ann", "AnalyticsDashboard", 30, at += 1_000)),
                    List.of()).get(5, TimeUnit.SECONDS);
            assertThat(bounded.userIds()).contains("ann").hasSize(3).doesNotContain("cy");
            Profile rebuilt = bounded.profile("ann").orElseThrow();
            Profile expected = unbounded.profile("ann").orElseThrow();
            assertThat(rebuilt.events()).isEqualTo(6);
            assertThat(rebuilt.persona()).isEqualTo(expected.persona());
            assertThat(rebuilt.confidence()).isEqualTo(expected.confidence());
            assertThat(rebuilt.explanation()).isEqualTo(expected.explanation());

            // erasure: a forgotten visitor who is forgotten for good is not rebuilt from what is left
            bounded.forget("bob");
            assertThat(bounded.profile("bob")).isEmpty();
        }
    }

    @Test
    void aReplayThatForgetsVisitorsKeepsNoPartialProfile() throws Exception {
        ProfileEngine engine = new ProfileEngine(Events.settings(Map.of()), Events.acmeTopics(), 2);
        long at = Events.T0;
        // ann's events are spread through the log: she is forgotten between them
        for (String user : List.of("ann", "bob", "cy", "ann", "dee")) {
            engine.apply(Events.dwell(user, "AnalyticsDashboard", 40, at += 1_000));
        }
        engine.dropPartialAfterReplay();
        assertThat(engine.userIds()).containsExactly("dee");
        assertThat(engine.size()).isEqualTo(1);
    }
}
