package dev.tailor.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.config.SiteContract;
import dev.tailor.config.TailorConfig;
import dev.tailor.experiment.Experiments;
import dev.tailor.experiment.RolloutPolicy;
import dev.tailor.optimize.Optimizer;
import dev.tailor.optimize.PlanLanes;
import dev.tailor.optimize.TriggerQueue;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.profile.SectionTopics;
import dev.tailor.store.sqlite.Database;
import dev.tailor.store.sqlite.SqliteEventStore;
import dev.tailor.store.sqlite.SqliteJobStore;
import dev.tailor.store.sqlite.SqliteRolloutStore;
import dev.tailor.store.sqlite.SqliteVariantStore;
import dev.tailor.track.EventLog;
import dev.tailor.track.TrackEvent;
import dev.tailor.variant.VariantCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's numbers are computed at most once a second, however many tabs poll them. */
class MetricsCacheTest {

    @TempDir
    Path dir;

    @Test
    void manyPollersWithinASecondShareOneComputationAndTheNextSecondSeesNewEvents() throws Exception {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        TailorConfig config = TailorConfig.from(Map.of("TAILOR_DATA_DIR", dir.toString()));
        try (Database db = Database.open(dir.resolve("t.db"));
             EventLog events = new EventLog(new SqliteEventStore(db), Clock.systemUTC(), stored -> { })) {
            ProfileEngine profiles = new ProfileEngine(config.profile(), new SectionTopics(new SiteContract(Path.of("."),
                    "acme", "Acme", "src/main.jsx", "src/Homepage.jsx", "Homepage", Map.of(),
                    new SiteContract.Brand(List.of(), List.of(), List.of(), List.of()))));
            Metrics metrics = new Metrics(new Metrics.Site("acme", "src/Homepage.jsx"), events, profiles, new SqliteJobStore(db, TailorApp.json()),
                    new VariantCatalog(new SqliteVariantStore(db), "base"),
                    new Experiments(new SqliteRolloutStore(db), new RolloutPolicy(config.rollout()), Clock.systemUTC()),
                    () -> new Optimizer.Backlog(new TriggerQueue.Figures(0, 1, 1, 0, 0, 0), new PlanLanes.Figures(0, 0, 0), 0),
                    nanos::get);
            events.append(List.of(event("e1")), List.of()).get(5, TimeUnit.SECONDS);

            ExecutorService tabs = Executors.newFixedThreadPool(8);
            try {
                List<Future<Map<String, Object>>> polls = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    polls.add(tabs.submit(metrics::snapshot));
                }
                for (Future<Map<String, Object>> poll : polls) {
                    assertThat(stored(poll.get(5, TimeUnit.SECONDS))).isEqualTo(1);
                }
            } finally {
                tabs.shutdownNow();
            }
            assertThat(metrics.computations()).isEqualTo(1);

            events.append(List.of(event("e2")), List.of()).get(5, TimeUnit.SECONDS);
            nanos.addAndGet(999_000_000L);
            assertThat(stored(metrics.snapshot())).as("still the cached second").isEqualTo(1);
            nanos.addAndGet(1_000_000L);
            assertThat(stored(metrics.snapshot())).isEqualTo(2);
            assertThat(metrics.computations()).isEqualTo(2);
        }
    }

    @SuppressWarnings("unchecked")
    private static long stored(Map<String, Object> snapshot) {
        return ((Number) ((Map<String, Object>) snapshot.get("events")).get("stored")).longValue();
    }

    private static TrackEvent event(String id) {
        return new TrackEvent(id, "ann", "s1", "page_view", "hero", 3, -1, null, "desktop", 1_000, "{}");
    }
}
