package dev.tailor.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.experiment.Experiments;
import dev.tailor.experiment.RolloutPolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout exports over real HTTP on a real Tailor (SQLite file, API token): the JSON list, the
 * CSV and one rollout with its history and snapshots carry the numbers the experiments measured,
 * and only an admin gets them.
 */
class RolloutExportTest {

    private static final String TOKEN = "export-token";
    private static final String KEY = "plan@base";

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private TailorApp app;

    @Test
    void everyRolloutsPerArmNumbersPerMetricAreExportedAsJsonAndCsvToAnAdminOnly() throws Exception {
        try (TailorApp started = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString(), "TAILOR_PORT", "0",
                "TAILOR_API_TOKEN", TOKEN, "TAILOR_ROLLOUT_MIN_VISITORS", "100000", "TAILOR_ROLLOUT_CHECK", "1h",
                "TAILOR_HOLDOUT", "0")), Clock.systemUTC())) {
            app = started;
            Experiments experiments = app.components().experiments();
            experiments.start(KEY, "content_rich", "ann");
            List<String> converted = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String visitor = "visitor-" + i;
                experiments.route(KEY, visitor);
                if (i % 4 == 0) {
                    converted.add(visitor);
                }
            }
            // the cost per converted visitor is not shown before anyone converted on a variant
            TailorApp.Components c = app.components();
            long[] nanos = {0};
            Metrics metrics = new Metrics(new Metrics.Site("acme", "src/Homepage.jsx"), c.eventLog(), c.profiles(), c.stores().jobs(), c.catalog(), experiments,
                    c.optimizer()::backlog, () -> nanos[0]);
            assertThat(cost(metrics)).containsEntry("converted_visitors", 0).containsEntry("per_converted_visitor_usd", null);
            track(converted);
            experiments.check(); // the first judgement with visitors keeps a snapshot
            Experiments.Report report = experiments.reports().get(0);
            RolloutPolicy.Arm treatment = report.treatment();
            RolloutPolicy.Arm control = report.control();
            assertThat(treatment.conversions() + control.conversions()).isEqualTo(50);

            nanos[0] += 2 * Metrics.CACHE_NANOS;
            assertThat(cost(metrics)).containsEntry("converted_visitors", treatment.conversions())
                    .containsEntry("per_converted_visitor_usd", 0.0); // measured: the local rewrite costs nothing

            for (String path : List.of("/api/rollouts", "/api/rollouts.csv", "/api/rollouts/" + KEY)) {
                assertThat(http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(401);
            }

            JsonNode list = json.readTree(get("/api/rollouts").body()).path("rollouts");
            assertThat(list).hasSize(1);
            JsonNode primary = list.get(0).path("metrics").get(0);
            assertThat(list.get(0).path("variant_key").asText()).isEqualTo(KEY);
            assertThat(primary.path("name").asText()).isEqualTo("any_goal");
            assertThat(primary.path("treatment").path("visitors").asInt()).isEqualTo(treatment.visitors());
            assertThat(primary.path("treatment").path("conversions").asInt()).isEqualTo(treatment.conversions());
            assertThat(primary.path("control").path("conversions").asInt()).isEqualTo(control.conversions());
            assertThat(primary.path("control").path("rate_95ci")).hasSize(2);
            assertThat(list.get(0).path("metrics").findValuesAsText("name")).containsExactly("any_goal", "js_errors", "render_fallbacks", "bounce");

            HttpResponse<String> csv = get("/api/rollouts.csv");
            assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
            List<String> lines = csv.body().lines().toList();
            assertThat(lines.get(0)).isEqualTo(String.join(",", RolloutExport.CSV_COLUMNS));
            assertThat(lines).hasSize(1 + 4 * 2); // four metrics, two arms
            assertThat(lines).contains(String.join(",", KEY, "content_rich", "rolling_out", "5",
                    String.valueOf(report.rollout().stageStartedAt()), "0", "any_goal", "true", "false", "control",
                    String.valueOf(control.visitors()), String.valueOf(control.conversions()),
                    String.valueOf(Metrics.round(10_000, control.rate())),
                    String.valueOf(Metrics.wilson(control.conversions(), control.visitors()).get(0)),
                    String.valueOf(Metrics.wilson(control.conversions(), control.visitors()).get(1))));

            JsonNode one = json.readTree(get("/api/rollouts/" + URLEncoder.encode(KEY, StandardCharsets.UTF_8)).body());
            assertThat(one.path("history")).hasSize(1);
            assertThat(one.path("history").get(0).path("percent").asInt()).isEqualTo(5);
            assertThat(one.path("history").get(0).path("reason").asText()).startsWith("started at 5%");
            assertThat(one.path("snapshots")).hasSize(1);
            JsonNode snapshot = one.path("snapshots").get(0).path("metrics").get(0);
            assertThat(snapshot.path("name").asText()).isEqualTo("any_goal");
            assertThat(snapshot.path("control").path("conversions").asInt()).isEqualTo(control.conversions());
            assertThat(snapshot.path("treatment").path("visitors").asInt()).isEqualTo(treatment.visitors());

            HttpResponse<String> unknown = get("/api/rollouts/nope@base");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(json.readTree(unknown.body()).path("field").asText()).isEqualTo("variant_key");
            assertThat(json.readTree(unknown.body()).path("error").asText()).contains("nope@base", "GET /api/rollouts");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cost(Metrics metrics) {
        return (Map<String, Object>) metrics.snapshot().get("cost");
    }

    @Test
    void aCsvCellWithACommaOrAQuoteIsQuoted() {
        assertThat(RolloutExport.csvCell("plain")).isEqualTo("plain");
        assertThat(RolloutExport.csvCell("a,b")).isEqualTo("\"a,b\"");
        assertThat(RolloutExport.csvCell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    }

    private void track(List<String> visitors) throws Exception {
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int i = 0; i < visitors.size(); i++) {
            batch.append(i == 0 ? "" : ",").append("{\"event\":\"goal\",\"goal\":\"signup\",\"user_id\":\"").append(visitors.get(i)).append("\"}");
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/track"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(batch.append("]}").toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
