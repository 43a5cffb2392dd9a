package dev.tailor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.config.TailorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tailor simulate} at small N against a real server: its report, and every acknowledged event stored. */
class LoadSimulationTest {

    @TempDir
    Path dataDir;

    @Test
    void simulatedVisitorsGetCookiesPostBatchesAndEveryAcknowledgedEventIsInTheStore() throws Exception {
        // one client playing many visitors: the per-client limit would measure the limiter
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString(),
                "TAILOR_PORT", "0", "TAILOR_RATE_LIMIT_CLIENT", "0", "TAILOR_AUTOMATION_FILTER", "off")), Clock.systemUTC())) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            Map<String, Object> report = new LoadSimulation(new LoadSimulation.Settings(URI.create(app.baseUrl()), 30,
                    Duration.ofSeconds(4), Optional.empty(), Duration.ofMillis(400), 1),
                    new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

            assertThat(report.get("errors")).isEqualTo(0L);
            Map<?, ?> endpoints = (Map<?, ?>) report.get("endpoints");
            assertThat(endpoints.keySet().stream().map(Object::toString).toList()).containsExactlyInAnyOrder("GET /", "POST /api/track");
            assertThat((int) ((Map<?, ?>) endpoints.get("POST /api/track")).get("requests")).isGreaterThan(30);
            assertThat((long) report.get("acknowledged_events")).isGreaterThan(100);
            Map<?, ?> stored = (Map<?, ?>) report.get("stored");
            assertThat(stored.get("visitors_checked")).isEqualTo(30L);
            assertThat(stored.get("every_acknowledged_event_stored")).isEqualTo(true);
            // every visitor's profile was a cookie the server issued: the store holds exactly them
            assertThat(app.components().profiles().size()).isEqualTo(30);
            Map<?, ?> optimizations = (Map<?, ?>) report.get("optimizations");
            assertThat((long) optimizations.get("trigger_evaluations")).isGreaterThan(0);
            assertThat((long) optimizations.get("triggered")).isLessThanOrEqualTo(30);
            assertThat(((Map<?, ?>) report.get("server")).get("heap_used_mb")).isNotNull();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("\"p99_ms\"", "\"every_acknowledged_event_stored\" : true");
        }
    }

    @Test
    void errorsAreCountedPerEndpointWithTheServersStatusAsTheirCause() throws Exception {
        // one event per second for the whole client: the server refuses most posts with 429
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString(),
                "TAILOR_PORT", "0", "TAILOR_RATE_LIMIT_CLIENT", "1", "TAILOR_RATE_LIMIT_CLIENT_BURST", "1",
                "TAILOR_AUTOMATION_FILTER", "off")), Clock.systemUTC())) {
            Map<String, Object> report = new LoadSimulation(new LoadSimulation.Settings(URI.create(app.baseUrl()), 10,
                    Duration.ofSeconds(2), Optional.empty(), Duration.ofMillis(300), 1),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();

            Map<?, ?> track = (Map<?, ?>) ((Map<?, ?>) report.get("endpoints")).get("POST /api/track");
            assertThat((long) track.get("errors")).isGreaterThan(0);
            assertThat(((Map<?, ?>) track.get("errors_by_cause")).keySet().stream().map(Object::toString).toList())
                    .containsExactly("status 429");
            assertThat(((Map<?, ?>) track.get("errors_by_cause")).get("status 429")).isEqualTo(track.get("errors"));
            Map<?, ?> page = (Map<?, ?>) ((Map<?, ?>) report.get("endpoints")).get("GET /");
            assertThat((Map<?, ?>) page.get("errors_by_cause")).isEmpty();
        }
    }

    @Test
    void morphsEstimatedPriceIsThisRunsShareDividedByPersonalizedVisitorsAndSaysItIsAnEstimate() {
        var json = TailorApp.json();
        var before = json.valueToTree(Map.of("generations", 2, "input_tokens", 6_000, "output_tokens", 3_000, "usd", 0.0084));
        var after = json.valueToTree(Map.of("generations", 5, "input_tokens", 15_000, "output_tokens", 7_500, "usd", 0.021,
                "usd_per_million_tokens", Map.of("input", 0.8, "output", 1.2)));

        Map<String, Object> estimate = LoadSimulation.morphEstimate(before, after, 4_200);

        assertThat(estimate.get("estimate")).isEqualTo(true);
        assertThat(estimate.get("generations")).isEqualTo(3L);
        assertThat(estimate.get("input_tokens")).isEqualTo(9_000L);
        assertThat(estimate.get("output_tokens")).isEqualTo(4_500L);
        assertThat((double) estimate.get("usd")).isCloseTo(0.0126, org.assertj.core.api.Assertions.within(1e-12));
        assertThat((double) estimate.get("usd_per_personalized_visitor")).isCloseTo(0.0126 / 4_200,
                org.assertj.core.api.Assertions.within(1e-15));
        assertThat((String) estimate.get("note")).startsWith("ESTIMATE, not a measurement");
        assertThat(LoadSimulation.morphEstimate(before, after, 0).get("usd_per_personalized_visitor")).isNull();
    }

    @Test
    void theClientDropsIdleConnectionsWellBeforeTheServerDoes() {
        assertThat(LoadSimulation.keepAliveFor(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(10));
        assertThat(LoadSimulation.keepAliveFor(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
        TailorConfig config = TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString(), "TAILOR_IDLE_TIMEOUT", "90s"));
        assertThat(Tailor.simulation(config, new String[] {"--users", "5"}).keepAlive()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void onlyAConnectionClosedBeforeAnyByteOfAnAnswerIsSentAgain() {
        var noBytes = new java.util.concurrent.CompletionException(new java.io.IOException("HTTP/1.1 header parser received no bytes",
                new java.io.EOFException("EOF reached while reading")));
        assertThat(LoadSimulation.closedUnanswered(noBytes)).isTrue();
        assertThat(LoadSimulation.closedUnanswered(new java.net.http.HttpTimeoutException("request timed out"))).isFalse();
        assertThat(LoadSimulation.closedUnanswered(new java.io.IOException("connection reset"))).isFalse();
        assertThat(LoadSimulation.closedUnanswered(null)).isFalse();
    }

    @Test
    void badOptionsSayWhichAndWhatIsExpected() {
        TailorConfig config = TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString()));
        assertThatThrownBy(() -> Tailor.simulation(config, new String[] {"--users", "many"}))
                .hasMessageContaining("--users must be a whole number").hasMessageContaining("'many'");
        assertThatThrownBy(() -> Tailor.simulation(config, new String[] {"--users", "0"}))
                .hasMessageContaining("--users must be at least 1");
        assertThatThrownBy(() -> Tailor.simulation(config, new String[] {"--duration", "forever"}))
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> Tailor.simulation(config, new String[] {"--visitors", "10"}))
                .hasMessageContaining("'--visitors' is not one of them");
        assertThat(Tailor.simulation(config, new String[] {"--users", "10000", "--duration", "5m"}))
                .satisfies(s -> {
                    assertThat(s.users()).isEqualTo(10_000);
                    assertThat(s.duration()).isEqualTo(Duration.ofMinutes(5));
                });
    }
}
