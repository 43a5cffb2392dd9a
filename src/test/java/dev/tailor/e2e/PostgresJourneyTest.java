package dev.tailor.e2e;

import static dev.tailor.track.RunningTailor.get;
import static dev.tailor.track.RunningTailor.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.store.postgres.LoopbackProxy;
import dev.tailor.store.postgres.PostgresDatabase;
import dev.tailor.store.postgres.TestPostgres;
import dev.tailor.track.RunningTailor;
import dev.tailor.visitor.VisitorCookies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code TAILOR_DATABASE_URL} puts the whole loop on PostgreSQL: Alyssa is tracked, profiled,
 * optimized and served, a restart keeps all of it, no SQLite file is opened, and a database that
 * cannot be reached is said so, at start-up and on {@code /healthz}.
 */
class PostgresJourneyTest {

    @TempDir
    Path dir;

    static Map<String, String> postgresSettings(PostgresDatabase.Location db, Path dataDir, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("TAILOR_DATABASE_URL", db.url(), "TAILOR_DATABASE_USER", db.user(),
                "TAILOR_DATABASE_PASSWORD", db.password(), "TAILOR_OPTIMIZATIONS_PER_HOUR", "100"));
        env.putAll(more);
        return RunningTailor.settings(dataDir, env);
    }

    static JsonNode untilFinished(TailorApp app, String user) throws Exception {
        JsonNode job = get(app, "/api/optimize?user_id=" + user).json();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!job.path("stage").asText().equals("live") && !job.path("stage").asText().equals("failed")
                && System.nanoTime() < deadline) {
            Thread.sleep(25);
            job = get(app, "/api/optimize?user_id=" + user).json();
        }
        return job;
    }

    static final String ALYSSA_EVENTS = "{\"events\":["
            + "{\"event_id\":\"a1\",\"session_id\":\"s1\",\"event\":\"page_view\",\"section\":\"analytics_dashboard\",\"time_spent\":180,\"user_id\":\"alyssa\"},"
            + "{\"event_id\":\"a2\",\"session_id\":\"s2\",\"event\":\"section_dwell\",\"section\":\"quick_metrics\",\"time_spent\":32,\"user_id\":\"alyssa\"},"
            + "{\"event_id\":\"a3\",\"session_id\":\"s3\",\"event\":\"page_view\",\"section\":\"hero\",\"time_spent\":14,\"user_id\":\"alyssa\"}]}";

    @Test
    void alyssaIsPersonalizedOnPostgresAndARestartKeepsEverything() throws Exception {
        PostgresDatabase.Location db = TestPostgres.newDatabase();
        TailorConfig config = TailorConfig.from(postgresSettings(db, dir, Map.of()));
        String cookie;
        try (TailorApp app = TailorApp.start(config, Clock.systemUTC())) {
            assertThat(app.components().stores().shared()).isTrue();
            assertThat(post(app, "/api/track", ALYSSA_EVENTS).json().path("accepted").asInt()).isEqualTo(3);
            JsonNode job = untilFinished(app, "alyssa");
            assertThat(job.path("stage").asText()).as(job.toString()).isEqualTo("live");
            assertThat(job.path("variant").asText()).isEqualTo("analytics_prominent");
            cookie = VisitorCookies.NAME + "=" + app.components().cookies().sign("alyssa");
            var page = get(app, "/", "Cookie", cookie);
            assertThat(page.raw().headers().firstValue("X-Tailor-Variant")).contains("analytics_prominent");
            JsonNode health = get(app, "/healthz").json();
            assertThat(health.path("database").asText()).isEqualTo("ok");
            assertThat(health.path("events").asLong()).isEqualTo(3);
        }
        assertThat(Files.exists(config.databaseFile())).as("no SQLite file was opened").isFalse();

        try (TailorApp again = TailorApp.start(config, Clock.systemUTC())) {
            assertThat(again.components().stores().events().count()).isEqualTo(3);
            assertThat(get(again, "/api/profile/alyssa").json().path("persona").asText()).isEqualTo("data_focused");
            assertThat(get(again, "/api/optimize?user_id=alyssa").json().path("stage").asText()).isEqualTo("live");
            var page = get(again, "/", "Cookie", cookie);
            assertThat(page.raw().headers().firstValue("X-Tailor-Variant")).contains("analytics_prominent");
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedFailsTheStartNamingTheSetting() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PostgresDatabase.Location nowhere = new PostgresDatabase.Location("jdbc:postgresql://127.0.0.1:" + closedPort + "/tailor",
                "tailor", "secret-password");
        TailorConfig config = TailorConfig.from(postgresSettings(nowhere, dir, Map.of()));
        assertThatThrownBy(() -> TailorApp.start(config, Clock.systemUTC()))
                .hasMessageContaining("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort)
                .hasMessageContaining("TAILOR_DATABASE_URL")
                .hasMessageNotContaining("secret-password");
        assertThatThrownBy(() -> TailorApp.start(TailorConfig.from(RunningTailor.settings(dir,
                Map.of("TAILOR_DATABASE_URL", "postgres://127.0.0.1/tailor"))), Clock.systemUTC()))
                .hasMessageContaining("TAILOR_DATABASE_URL must look like jdbc:postgresql://host:port/database");
    }

    @Test
    void whenTheDatabaseGoesAwayHealthSaysSoAndPagesAreStillServed() throws Exception {
        PostgresDatabase.Location direct = TestPostgres.newDatabase();
        int serverPort = Integer.parseInt(direct.url().replaceAll(".*:(\\d+)/.*", "$1"));
        try (LoopbackProxy proxy = new LoopbackProxy(serverPort)) { // the database, through a cable the test can cut
            PostgresDatabase.Location db = new PostgresDatabase.Location(direct.url().replace(":" + serverPort + "/", ":" + proxy.port() + "/"),
                    direct.user(), direct.password());
            try (TailorApp app = TailorApp.start(TailorConfig.from(postgresSettings(db, dir, Map.of())), Clock.systemUTC())) {
                assertThat(get(app, "/healthz").status()).isEqualTo(200);
                proxy.cut();
                var health = get(app, "/healthz");
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.json().path("status").asText()).isEqualTo("degraded");
                assertThat(health.json().path("database").asText()).startsWith("unreachable: ");
                var page = get(app, "/");
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.raw().headers().firstValue("X-Tailor-Variant")).contains("original");
                var track = post(app, "/api/track", ALYSSA_EVENTS);
                assertThat(track.status()).as("an event that could not be stored is not acknowledged").isGreaterThanOrEqualTo(500);
            }
        }
    }
}
