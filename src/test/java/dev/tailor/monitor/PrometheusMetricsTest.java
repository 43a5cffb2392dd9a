package dev.tailor.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus' scrape over real HTTP: Tailor's own numbers at {@code /metrics} (an admin's), and in
 * proxy mode under the prefix only, the site's own {@code /metrics} passing to the upstream.
 */
class PrometheusMetricsTest {

    private static final String TOKEN = "scrape-token";

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theScrapeCountsEventsRejectsJobsAndRolloutsByStatusForAnAdmin() throws Exception {
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString(), "TAILOR_PORT", "0",
                "TAILOR_API_TOKEN", TOKEN, "TAILOR_ROLLOUT_CHECK", "1h")), Clock.systemUTC())) {
            post(app.baseUrl(), "{\"events\":[{\"event\":\"page_view\",\"user_id\":\"ann\"},{\"event\":\"goal\",\"goal\":\"signup\","
                    + "\"user_id\":\"bob\"},{\"event\":\"page_view\"}]}"); // the last names no visitor: rejected
            app.components().experiments().start("plan@base", "content_rich", "ann");
            app.components().experiments().start("other@base", "analytics_prominent", "bob");

            assertThat(get(app.baseUrl() + "/metrics", null).statusCode()).isEqualTo(401);
            HttpResponse<String> scrape = get(app.baseUrl() + "/metrics", TOKEN);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
            assertThat(scrape.body()).contains("tailor_events_stored_total 2.0", "tailor_events_rejected_total 1.0",
                    "tailor_rollouts{status=\"rolling_out\"} 2.0", "tailor_rollouts{status=\"rolled_back\"} 0.0",
                    "tailor_jobs{stage=\"live\"} 0.0", "tailor_jobs{stage=\"failed\"} 0.0", "tailor_generation_seconds_count 0",
                    "# HELP tailor_events_stored_total events accepted and stored in the event log",
                    "tailor_trigger_dropped_total 0.0", "# HELP tailor_trigger_backlog visitors waiting for the trigger",
                    "# HELP tailor_trigger_coalesced_total", "tailor_jobs_waiting 0.0");
            assertThat(get(app.baseUrl() + "/_tailor/metrics", TOKEN).body()).contains("tailor_events_stored_total 2.0");
        }
    }

    @Test
    void theTriggersGaugesStillReadAfterAGarbageCollection() throws Exception {
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString(), "TAILOR_PORT", "0",
                "TAILOR_API_TOKEN", TOKEN)), Clock.systemUTC())) {
            System.gc(); // Micrometer holds what a gauge reads weakly: a collected supplier made these NaN
            assertThat(get(app.baseUrl() + "/metrics", TOKEN).body())
                    .contains("tailor_jobs_waiting 0.0", "tailor_matches_waiting 0.0", "tailor_trigger_backlog 0.0")
                    .doesNotContain("NaN");
        }
    }

    @Test
    void inProxyModeTheScrapeIsUnderThePrefixAndTheSitesOwnMetricsPathIsTheSites() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = ("the site's own " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString(), "TAILOR_PORT", "0",
                "TAILOR_UPSTREAM", "http://127.0.0.1:" + upstream.getAddress().getPort())), Clock.systemUTC())) {
            assertThat(get(app.baseUrl() + "/_tailor/metrics", null).body()).contains("tailor_events_stored_total 0.0");
            assertThat(get(app.baseUrl() + "/metrics", null).body()).isEqualTo("the site's own /metrics");
        } finally {
            upstream.stop(0);
        }
    }

    private void post(String base, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/track")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
