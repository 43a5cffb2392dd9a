package dev.tailor.e2e;

import static dev.tailor.track.RunningTailor.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.optimize.JobStage;
import dev.tailor.optimize.OptimizationJob;
import dev.tailor.track.RunningTailor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trigger-backlog attack of issue 13 (item 7) in small: a flood of visitors who all call for one
 * plan, then one visitor who calls for another. The flood makes one variant and spends one
 * optimization of the hourly budget (its visitors wait for that variant and are matched to it), so
 * the visitor after it still gets theirs; every flood visitor ends up routed to the one variant.
 */
class TriggerBacklogTest {

    @TempDir
    Path dir;

    private static final int FLOOD = 300;

    @Test
    void aFloodOfOnePlanMakesOneVariantSpendsOneOptimizationAndLeavesTheBudgetToTheNextPlan() throws Exception {
        // a budget of two: on main the flood's visitors judged while its variant was made spent it all
        TailorConfig config = TailorConfig.from(RunningTailor.settings(dir, Map.of("TAILOR_OPTIMIZATIONS_PER_HOUR", "2",
                "TAILOR_RATE_LIMIT_CLIENT", "0", "TAILOR_RATE_LIMIT_VISITOR", "0")));
        try (TailorApp app = TailorApp.start(config, Clock.systemUTC())) {
            for (int from = 0; from < FLOOD; from += 50) {
                String events = String.join(",", IntStream.range(from, from + 50).mapToObj(i -> analyticsVisitor("flood-" + i)).toList());
                assertThat(post(app, "/api/track", "{\"events\":[" + events + "]}").status()).isEqualTo(200);
            }
            assertThat(post(app, "/api/track", "{\"events\":["
                    + "{\"event\":\"page_view\",\"section\":\"technical_deep_dive\",\"time_spent\":240,\"user_id\":\"probe\",\"session_id\":\"p1\"},"
                    + "{\"event\":\"page_view\",\"section\":\"case_studies\",\"time_spent\":180,\"user_id\":\"probe\",\"session_id\":\"p1\"},"
                    + "{\"event\":\"page_view\",\"section\":\"architecture_details\",\"time_spent\":150,\"user_id\":\"probe\",\"session_id\":\"p1\"}]}")
                    .status()).isEqualTo(200);

            OptimizationJob probe = finished(app, "probe");
            assertThat(probe.status()).as(String.valueOf(probe.error())).isEqualTo(JobStage.LIVE);
            assertThat(probe.plan().name()).isEqualTo("content_rich");
            assertThat(probe.reused()).isFalse();

            List<OptimizationJob> flood = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                flood.add(finished(app, "flood-" + i));
            }
            assertThat(flood).allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStage.LIVE));
            assertThat(flood).filteredOn(job -> !job.reused()).hasSize(1);
            assertThat(flood).extracting(OptimizationJob::planHash).containsOnly(flood.get(0).planHash());
            assertThat(IntStream.range(0, FLOOD).mapToObj(i -> app.components().catalog().variantOf("flood-" + i)
                    .map(v -> v.planName()).orElse("original")).distinct()).containsExactly("analytics_prominent");
            // one optimization per plan: the flood's others were matches, which cost no budget
            assertThat(app.components().stores().decisions().decidedSince("optimize", 0)).hasSize(2);
        }
    }

    private static String analyticsVisitor(String user) {
        return "{\"event\":\"page_view\",\"section\":\"analytics_dashboard\",\"time_spent\":170,\"user_id\":\"" + user + "\"},"
                + "{\"event\":\"section_dwell\",\"section\":\"quick_metrics\",\"time_spent\":30,\"user_id\":\"" + user + "\"},"
                + "{\"event\":\"section_dwell\",\"section\":\"hero\",\"time_spent\":12,\"user_id\":\"" + user + "\"}";
    }

    /** The visitor's job once it is live or failed (waited for: generation and builds take their time). */
    private static OptimizationJob finished(TailorApp app, String user) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Optional<OptimizationJob> job = app.components().optimizer().latestJob(user);
        while ((job.isEmpty() || !job.get().finished()) && System.nanoTime() < deadline) {
            Thread.sleep(25);
            job = app.components().optimizer().latestJob(user);
        }
        assertThat(job).as("a finished job for " + user + "; decisions: "
                + app.components().stores().decisions().recentFor(user, 5)).isPresent();
        assertThat(job.get().finished()).as(job.get().toString()).isTrue();
        return job.get();
    }
}
