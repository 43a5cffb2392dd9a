package dev.tailor.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.testing.OptimizeApi;
import dev.tailor.track.RunningTailor;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.experiment.Rollout;
import dev.tailor.experiment.RolloutStatus;
import dev.tailor.visitor.VisitorCookies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gradual rollout over real HTTP: Alyssa's variant goes to 5% of the 300 other visitors it
 * suits, against the rest as control; then it is rolled back when its visitors stop converting,
 * or promoted 5% → 25% → 100% when they convert as well as the control group.
 */
class RolloutTest {

    private static final int VISITORS = 300;

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private TailorApp app;

    @Test
    void aVariantWhoseVisitorsConvertWorseIsRolledBackForEveryone() throws Exception {
        try (TailorApp started = start()) {
            app = started;
            List<String> visitors = eligibleVisitors();
            Map<String, String> arms = loadPages(visitors);
            long treatment = arms.values().stream().filter(a -> a.startsWith("treatment")).count();
            assertThat(treatment).as("about 5% of %d", VISITORS).isBetween(3L, 35L);
            // a visitor is never told their arm: only the operator's X-Tailor-Debug gets it (issue 13)
            HttpResponse<String> asVisitor = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/"))
                    .header("Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign(visitors.get(0))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(asVisitor.headers().firstValue("X-Tailor-Arm")).isEmpty();

            // the control group converts; the variant's visitors do not
            convert(visitors, i -> arms.get(visitors.get(i)).startsWith("control"));
            app.components().experiments().check();

            Rollout rollout = app.components().experiments().reports().get(0).rollout();
            assertThat(rollout.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
            assertThat(rollout.reason()).contains("rolled back", "worse at look");
            String someTreatmentVisitor = visitors.stream().filter(v -> arms.get(v).startsWith("treatment")).findFirst().orElseThrow();
            for (String visitor : List.of("alyssa", someTreatmentVisitor)) {
                HttpResponse<String> page = page(visitor);
                assertThat(page.headers().firstValue("X-Tailor-Variant")).as(visitor).contains("original");
                assertThat(page.headers().firstValue("X-Tailor-Arm")).hasValueSatisfying(a -> assertThat(a).startsWith("rolled_back"));
            }
            JsonNode impact = json.readTree(get("/api/metrics").body()).path("impact");
            assertThat(impact.path("measured").asBoolean()).isTrue();
            JsonNode row = impact.path("rollouts").get(0);
            assertThat(row.path("status").asText()).isEqualTo("rolled_back");
            assertThat(row.path("treatment").path("conversions").asInt()).isZero();
            assertThat(row.path("control").path("conversions").asInt()).isEqualTo(VISITORS - (int) treatment);
            assertThat(row.path("conversion_lift").asDouble()).isEqualTo(-1.0);
        }
    }

    @Test
    void aVariantThatDoesNoHarmIsPromotedStageByStageToEveryone() throws Exception {
        try (TailorApp started = start()) {
            app = started;
            List<String> visitors = eligibleVisitors();
            int[] expectedPercent = {25, 100};
            for (int percent : expectedPercent) {
                Map<String, String> arms = loadPages(visitors);
                // every third visitor of each arm converts: the same rate on both sides, whoever lands where
                List<String> inOrder = new ArrayList<>(visitors);
                int[] seen = new int[2];
                convert(inOrder, i -> seen[arms.get(inOrder.get(i)).startsWith("treatment") ? 0 : 1]++ % 3 == 0);
                app.components().experiments().check();
                Rollout rollout = app.components().experiments().reports().get(0).rollout();
                assertThat(rollout.percent()).as(rollout.reason()).isEqualTo(percent);
                assertThat(rollout.reason()).contains("no decline", "now " + percent + "%");
            }
            assertThat(app.components().experiments().reports().get(0).rollout().status()).isEqualTo(RolloutStatus.COMPLETE);
            Map<String, String> arms = loadPages(visitors);
            assertThat(arms.values()).allSatisfy(a -> assertThat(a).startsWith("treatment").contains("at 100%"));
            assertThat(page(visitors.get(0)).headers().firstValue("X-Tailor-Variant")).contains("analytics_prominent");
        }
    }

    private TailorApp start() throws Exception {
        return TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString(), "TAILOR_PORT", "0",
                "TAILOR_ROLLOUT_MIN_VISITORS", "3", "TAILOR_ROLLOUT_MIN_STAGE_TIME", "0s",
                "TAILOR_ROLLOUT_CHECK", "1h", "TAILOR_HOLDOUT", "0", "TAILOR_AUTOMATION_FILTER", "off")), Clock.systemUTC());
        // checks are run by the test; no global holdout: every eligible visitor is in the rollout's treatment or
        // control; the visitors are Java's HTTP client playing people: the automation filter would count them in no arm
    }

    /** Alyssa makes the variant; 300 visitors like her become eligible for it. */
    private List<String> eligibleVisitors() throws Exception {
        post(RunningTailor.analyticsEvents(List.of("alyssa")));
        awaitLive("alyssa");
        List<String> visitors = new ArrayList<>();
        for (int i = 0; i < VISITORS; i++) {
            visitors.add("visitor-" + i);
        }
        for (int from = 0; from < VISITORS; from += 100) {
            post(RunningTailor.analyticsEvents(visitors.subList(from, from + 100)));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (app.components().catalog().assignedCount() < VISITORS + 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(app.components().catalog().assignedCount()).isEqualTo(VISITORS + 1);
        return visitors;
    }

    private Map<String, String> loadPages(List<String> visitors) throws Exception {
        Map<String, String> arms = new java.util.HashMap<>();
        for (String v : visitors) {
            HttpResponse<String> page = page(v);
            assertThat(page.statusCode()).isEqualTo(200);
            arms.put(v, page.headers().firstValue("X-Tailor-Arm").orElseThrow());
        }
        return arms;
    }

    private void convert(List<String> visitors, IntPredicate converts) throws Exception {
        StringBuilder batch = new StringBuilder("{\"events\":[");
        int n = 0;
        for (int i = 0; i < visitors.size(); i++) {
            if (converts.test(i)) {
                batch.append(n++ == 0 ? "" : ",").append("{\"event\":\"goal\",\"goal\":\"start_trial\",\"user_id\":\"")
                        .append(visitors.get(i)).append("\"}");
            }
        }
        post(batch.append("]}").toString());
    }

    private void awaitLive(String user) throws Exception {
        OptimizeApi.awaitLive(app.baseUrl(), user, null, Duration.ofSeconds(60));
    }

    private HttpResponse<String> page(String visitor) throws Exception {
        // X-Tailor-Debug: the test looks as the operator (open mode), who alone is told the arm
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/")).header("X-Tailor-Debug", "arm")
                .header("Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign(visitor)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void post(String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/track"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
