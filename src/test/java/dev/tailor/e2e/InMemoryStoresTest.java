package dev.tailor.e2e;

import static dev.tailor.track.RunningTailor.get;
import static dev.tailor.track.RunningTailor.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.store.InMemoryStores;
import dev.tailor.store.Stores;
import dev.tailor.track.RunningTailor;
import dev.tailor.visitor.VisitorCookies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stores are ports: the whole loop runs on in-memory stores handed to the composition root,
 * and no database file is ever opened. What a PostgreSQL adapter must provide, nothing more.
 */
class InMemoryStoresTest {

    @TempDir
    Path dir;

    @Test
    void alyssaIsPersonalizedOnStoresThatAreNotSqlite() throws Exception {
        Stores stores = InMemoryStores.create();
        TailorConfig config = TailorConfig.from(RunningTailor.settings(dir, Map.of("TAILOR_OPTIMIZATIONS_PER_HOUR", "100")));
        try (TailorApp app = TailorApp.start(config, Clock.systemUTC(), stores)) {
            assertThat(post(app, "/api/track", "{\"events\":["
                    + "{\"event_id\":\"a1\",\"session_id\":\"s1\",\"event\":\"page_view\",\"section\":\"analytics_dashboard\",\"time_spent\":180,\"user_id\":\"alyssa\"},"
                    + "{\"event_id\":\"a2\",\"session_id\":\"s2\",\"event\":\"section_dwell\",\"section\":\"quick_metrics\",\"time_spent\":32,\"user_id\":\"alyssa\"},"
                    + "{\"event_id\":\"a3\",\"session_id\":\"s3\",\"event\":\"page_view\",\"section\":\"hero\",\"time_spent\":14,\"user_id\":\"alyssa\"}]}")
                    .json().path("accepted").asInt()).isEqualTo(3);
            assertThat(stores.events().count()).isEqualTo(3);

            JsonNode job = get(app, "/api/optimize?user_id=alyssa").json();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!job.path("stage").asText().equals("live") && !job.path("stage").asText().equals("failed")
                    && System.nanoTime() < deadline) {
                Thread.sleep(25);
                job = get(app, "/api/optimize?user_id=alyssa").json();
            }
            assertThat(job.path("stage").asText()).as(job.toString()).isEqualTo("live");
            assertThat(job.path("variant").asText()).isEqualTo("analytics_prominent");
            assertThat(stores.jobs().latestPerUser()).containsKey("alyssa");
            assertThat(stores.variants().variants()).hasSize(1);
            assertThat(stores.rollouts().rollouts()).hasSize(1);

            var page = get(app, "/", "Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign("alyssa"));
            assertThat(page.raw().headers().firstValue("X-Tailor-Variant")).contains("analytics_prominent");
        }
        assertThat(Files.exists(config.databaseFile())).as("no SQLite file was opened").isFalse();
    }
}
