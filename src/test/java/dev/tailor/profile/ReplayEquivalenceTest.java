package dev.tailor.profile;

import static dev.tailor.profile.Events.MINUTE;
import static dev.tailor.profile.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.store.sqlite.Database;
import dev.tailor.store.sqlite.SqliteEventStore;
import dev.tailor.store.sqlite.SqliteProfileStore;
import dev.tailor.track.EventLog;
import dev.tailor.track.TrackEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event log is the source of truth: profiles built event by event equal profiles replayed from it. */
class ReplayEquivalenceTest {

    static final String[] SECTIONS = {"hero", "analytics_dashboard", "quick_metrics", "technical_deep_dive",
        "case_studies", "quick_cta", "unknown_section", null};
    static final String[] TYPES = {"page_view", "section_dwell", "section_dwell", "scroll", "goal", "click"};
    static final String[] DEVICES = {"desktop", "tablet", "mobile", null};

    @TempDir
    Path dir;

    @Test
    void incrementalProfilesEqualReplayedOnesAndThePersistedOnes() throws Exception {
        Map<String, String> env = Map.of("TAILOR_AFFINITY_HALF_LIFE", "2d");
        ProfileEngine live = Events.engine(env);
        List<TrackEvent> events = randomEvents(new Random(42), 600);

        try (Database db = Database.open(dir.resolve("tailor.db"))) {
            try (EventLog log = new EventLog(new SqliteEventStore(db), Clock.systemUTC(), stored -> stored.forEach(live::apply))) {
                // many requests, some resent (duplicates must not count twice), appended concurrently
                List<java.util.concurrent.CompletableFuture<EventLog.Appended>> pending = new ArrayList<>();
                for (int i = 0; i < events.size(); i += 7) {
                    List<TrackEvent> request = events.subList(i, Math.min(events.size(), i + 7));
                    pending.add(log.append(request, List.of()));
                    if (i % 35 == 0) {
                        pending.add(log.append(request, List.of()));
                    }
                }
                pending.forEach(java.util.concurrent.CompletableFuture::join);

                ProfileEngine replayed = Events.engine(env);
                log.replay(replayed::apply);

                assertThat(replayed.userIds()).containsExactlyInAnyOrderElementsOf(live.userIds());
                for (String user : live.userIds()) {
                    assertThat(replayed.profile(user)).isEqualTo(live.profile(user));
                }

                ProfileStore store = new SqliteProfileStore(db, new ObjectMapper());
                new ProfileWriteBehind(store, live, Clock.systemUTC()).flush();
                Map<String, Profile> snapshot = new TreeMap<>();
                live.userIds().forEach(u -> snapshot.put(u, live.profile(u).orElseThrow()));
                assertThat(store.loadAll()).isEqualTo(snapshot);
                assertThat(ProfileComparison.compare(snapshot, store.loadAll())).isEmpty();
            }
        }
    }

    @Test
    void theComparisonNamesEachDifferingField() {
        ProfileEngine engine = Events.engine(Map.of());
        engine.apply(Events.dwell("u", "analytics_dashboard", 50, T0));
        Profile p = engine.profile("u").orElseThrow();
        Profile changed = new Profile(p.userId(), Map.of("analytics", 0.5), p.engagedSeconds(), p.topicSeconds(),
                p.events(), p.sessions(), p.pageViews(), p.goals(), p.avgSessionSeconds(), p.bounceRate(), p.device(),
                p.persona(), p.confidence(), p.explanation(), p.lastEventAt());

        List<ProfileComparison.Difference> diff = ProfileComparison.compare(Map.of("u", p, "gone", p), Map.of("u", changed, "extra", p));

        assertThat(diff).extracting(Object::toString).containsExactly(
                "extra: persisted but has no events in the log",
                "gone: in the log but not persisted",
                "u: preferences: {analytics=1.0} (log) vs {analytics=0.5} (persisted)");
    }

    static List<TrackEvent> randomEvents(Random random, int n) {
        List<TrackEvent> out = new ArrayList<>();
        long[] clocks = {T0, T0, T0, T0, T0};
        for (int i = 0; i < n; i++) {
            int user = random.nextInt(5);
            // mostly forward in time, sometimes a long gap, sometimes a late (out-of-order) event
            long step = random.nextInt(10) == 0 ? 40 * MINUTE + random.nextInt(3) * Events.DAY : random.nextInt(90_000);
            clocks[user] += step;
            long at = random.nextInt(15) == 0 ? clocks[user] - random.nextInt(3_600_000) : clocks[user];
            String type = TYPES[random.nextInt(TYPES.length)];
            String session = random.nextBoolean() ? null : "s" + user + "-" + (clocks[user] / (3 * 3_600_000));
            out.add(new TrackEvent("e" + i, "user-" + user, session, type, SECTIONS[random.nextInt(SECTIONS.length)],
                    type.equals("section_dwell") ? random.nextInt(120) + random.nextDouble() : 0, random.nextInt(101),
                    type.equals("goal") ? "signup" : null, DEVICES[random.nextInt(DEVICES.length)], at, "{}"));
        }
        return out;
    }
}
