package dev.tailor.e2e;

import static dev.tailor.track.RunningTailor.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.experiment.Rollout;
import dev.tailor.experiment.RolloutStatus;
import dev.tailor.optimize.OptimizationJob;
import dev.tailor.repo.OriginalSite;
import dev.tailor.store.Stores;
import dev.tailor.store.postgres.PostgresDatabase;
import dev.tailor.store.postgres.PostgresStores;
import dev.tailor.store.postgres.TestPostgres;
import dev.tailor.track.EventStore;
import dev.tailor.track.TrackEvent;
import dev.tailor.visitor.VisitorCookies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Tailor nodes on three ports share one PostgreSQL and one shared directory. The same
 * triggers fired at every node at once make one job per visitor and one variant for one plan (one
 * generation, one commit, one cost); the variant is served by every node; a rollback saved by one
 * node reaches the others' routing within the polling bound.
 */
class SeveralNodesTest {

    /** What a node must see of another's change within: the 1 s poll, the query, and a margin for a busy machine. */
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final List<String> VISITORS = List.of("alyssa", "ann", "bea");

    @TempDir
    Path dir;

    private final List<TailorApp> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(TailorApp::close);
    }

    /** Alyssa's journey of the spec, as any node's ingest stores it, for each visitor. */
    private static void seedEvents(PostgresDatabase.Location db) {
        long now = System.currentTimeMillis();
        List<TrackEvent> events = new ArrayList<>();
        for (String user : VISITORS) {
            events.add(new TrackEvent(user + "-1", user, "s1", "page_view", "analytics_dashboard", 180, 0, null, "desktop", now - 3_000, "{}"));
            events.add(new TrackEvent(user + "-2", user, "s2", "section_dwell", "quick_metrics", 32, 0, null, "desktop", now - 2_000, "{}"));
            events.add(new TrackEvent(user + "-3", user, "s3", "page_view", "hero", 14, 0, null, "desktop", now - 1_000, "{}"));
        }
        try (Stores stores = PostgresStores.open(db, TailorApp.json())) {
            stores.events().append(List.of(new EventStore.Batch(events, List.of())), now);
        }
    }

    @Test
    void theSameTriggersFiredAtEveryNodeMakeOneJobPerVisitorOneVariantServedEverywhere() throws Exception {
        PostgresDatabase.Location db = TestPostgres.newDatabase();
        seedEvents(db);
        // every node serves the same commit of the same site, and shares artifacts and the cookie key
        Path site = OriginalSite.materializeBundled(OriginalSite.BUNDLED_DEMO_SITE, dir.resolve("site"));
        for (String name : List.of("a", "b", "c")) {
            nodes.add(TailorApp.start(TailorConfig.from(PostgresJourneyTest.postgresSettings(db, dir.resolve("node-" + name),
                    Map.of("TAILOR_SHARED_DIR", dir.resolve("shared").toString(), "ORIGINAL_REPO_PATH", site.toString()))),
                    Clock.systemUTC()));
        }
        assertThat(nodes).extracting(TailorApp::port).doesNotHaveDuplicates();

        // every visitor's optimization asked of every node at the same moment
        ExecutorService callers = Executors.newFixedThreadPool(nodes.size() * VISITORS.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JsonNode>> answers = new ArrayList<>();
        for (TailorApp node : nodes) {
            for (String user : VISITORS) {
                answers.add(callers.submit(() -> {
                    go.await();
                    return get(node, "/api/optimize?user_id=" + user).json();
                }));
            }
        }
        go.countDown();
        int started = 0;
        for (Future<JsonNode> answer : answers) {
            started += answer.get().path("decision").path("optimize").asBoolean() ? 1 : 0;
        }
        callers.shutdown();
        assertThat(started).as("one node starts each visitor's job").isEqualTo(VISITORS.size());

        Stores store = nodes.get(0).components().stores();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (store.jobs().recent(100).stream().filter(OptimizationJob::finished).count() < VISITORS.size()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(2 * 1_000); // time for a wrongly started second job to show
        List<OptimizationJob> jobs = store.jobs().recent(100);
        assertThat(jobs).as(jobs.toString()).hasSize(VISITORS.size());
        assertThat(jobs).extracting(OptimizationJob::userId).containsExactlyInAnyOrderElementsOf(VISITORS);
        assertThat(jobs).allSatisfy(j -> assertThat(j.status().wire()).as(j.toString()).isEqualTo("live"));
        assertThat(jobs).filteredOn(j -> !j.reused()).as("one generation, one cost").hasSize(1);
        assertThat(store.variants().variants()).hasSize(1);
        assertThat(store.rollouts().rollouts()).hasSize(1);
        int variantFolders = 0;
        for (TailorApp node : nodes) {
            variantFolders += Files.isDirectory(node.components().config().mainRepoPath().resolve("variants/analytics-prominent")) ? 1 : 0;
        }
        assertThat(variantFolders).as("committed by one node only").isEqualTo(1);

        // the visitor whose job made it (its owner) is served the variant by every node: one artifact directory,
        // one cookie key; the other two are eligible visitors, in the treatment or control arm of the 5% stage
        String owner = store.rollouts().rollouts().get(0).owner();
        assertThat(VISITORS).contains(owner);
        String cookie = VisitorCookies.NAME + "=" + nodes.get(0).components().cookies().sign(owner);
        for (TailorApp node : nodes) {
            untilServed(node, cookie, "analytics_prominent"::equals);
        }

        // a rollback saved by one node: every node gives the owner the original within the bound
        Rollout live = store.rollouts().rollouts().get(0);
        long savedAt = System.nanoTime();
        nodes.get(2).components().stores().rollouts().save(new Rollout(live.variantKey(), live.variant(), live.owner(),
                live.percent(), RolloutStatus.ROLLED_BACK, System.currentTimeMillis(), "rolled back: decided on node c", live.looks()), true);
        for (TailorApp node : nodes) {
            untilServed(node, cookie, "original"::equals);
            System.out.printf("node on port %d serves the original %d ms after the rollback was saved%n", node.port(),
                    (System.nanoTime() - savedAt) / 1_000_000);
        }
    }

    /** Waits until the node serves the visitor what the header names; fails past the bound. */
    private static void untilServed(TailorApp node, String cookie, Predicate<String> variant) throws Exception {
        long start = System.nanoTime();
        String served = null;
        String headers = null;
        while (System.nanoTime() - start < BOUND.toNanos()) {
            var page = get(node, "/", "Cookie", cookie);
            served = page.raw().headers().firstValue("X-Tailor-Variant").orElse(null);
            headers = page.raw().headers().map().toString();
            if (page.status() == 200 && served != null && variant.test(served)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("node on port " + node.port() + " still serves " + served + " after " + BOUND
                + " (" + headers + "; assigned " + node.components().catalog().assignedVariant(VISITORS.get(0)) + ")");
    }
}
