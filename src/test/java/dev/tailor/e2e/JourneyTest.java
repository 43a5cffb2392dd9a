package dev.tailor.e2e;

import static dev.tailor.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.experiment.Bucketing;
import dev.tailor.visitor.VisitorCookies;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole journey of the original spec for Alyssa, over real HTTP against a real server on
 * its embedded defaults: tracked → profiled → optimized → committed → built → deployed → served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JourneyTest {

    private static final String SPEC_PAYLOAD =
            "{\"event\":\"page_view\",\"page\":\"analytics_dashboard\",\"time_spent\":180,\"scroll_depth\":95,\"user_id\":\"alyssa\"}";

    @TempDir
    static Path dataDir;

    private TailorApp app;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start() throws Exception {
        app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString(), "TAILOR_PORT", "0")),
                Clock.systemUTC());
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    @Order(1)
    void theOriginalSiteIsARealReactBundleWithTheTracker() throws Exception {
        HttpResponse<String> page = get("/", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("X-Tailor-Variant")).contains("original");
        assertThat(page.headers().firstValue("Set-Cookie")).hasValueSatisfying(c ->
                assertThat(c).startsWith(VisitorCookies.NAME + "=").containsIgnoringCase("SameSite=Lax"));
        assertThat(page.body()).contains("<div id=\"root\"></div>", "/tailor/tracker.js",
                "/artifacts/" + app.components().originalArtifact().id() + "/");

        String script = page.body().replaceAll("(?s).*<script src=\"(/artifacts/[^\"]+\\.js)\".*", "$1");
        HttpResponse<String> bundle = get(script, Map.of());
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(bundle.body()).contains("analytics_dashboard", "createRoot");
        assertThat(get("/tailor/tracker.js", Map.of()).body()).contains("sendBeacon");
        assertThat(get("/healthz", Map.of()).statusCode()).isEqualTo(200);
        assertThat(get("/pricing/enterprise", Map.of()).body()).contains("<div id=\"root\"></div>"); // client-side route
        HttpResponse<String> favicon = get("/favicon.ico", Map.of());
        assertThat(favicon.statusCode()).isEqualTo(404);
        assertThat(favicon.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    @Order(2)
    void badPayloadsAreRejectedNamingTheField() throws Exception {
        assertRejected("{\"event\":\"page_view\",\"page\":\"analytics_dashboard\",\"time_spent\":\"long\",\"user_id\":\"alyssa\"}", "time_spent");
        assertRejected("{\"event\":\"page_view\",\"time_spent\":-3,\"user_id\":\"alyssa\"}", "time_spent");
        assertRejected("{\"event\":\"teleport\",\"user_id\":\"alyssa\"}", "event");
        assertRejected("{\"page\":\"home\",\"user_id\":\"alyssa\"}", "event");
        assertRejected("{\"event\":\"page_view\",\"scroll_depth\":140,\"user_id\":\"alyssa\"}", "scroll_depth");
        assertRejected("{\"event\":\"page_view\"}", "user_id");
        assertRejected("{\"event\":\"page_view\",\"user_id\":\"a b\"}", "user_id");
        assertRejected("not json", "body");
        assertRejected("{\"events\":[]}", "events");
    }

    @Test
    @Order(3)
    void alyssasJourneyEndsWithHerVariantLive() throws Exception {
        assertThat(post("/api/track", SPEC_PAYLOAD).statusCode()).isEqualTo(200);
        assertThat(storedEvents("alyssa")).isEqualTo(1); // durable before the answer: a second connection sees it

        post("/api/track", "{\"events\":["
                + "{\"event_id\":\"a2\",\"session_id\":\"s2\",\"event\":\"page_view\",\"section\":\"hero\",\"time_spent\":14,\"user_id\":\"alyssa\"},"
                + "{\"event_id\":\"a3\",\"session_id\":\"s2\",\"event\":\"section_dwell\",\"section\":\"quick_metrics\",\"time_spent\":32,\"user_id\":\"alyssa\"},"
                + "{\"event_id\":\"a4\",\"session_id\":\"s3\",\"event\":\"page_view\",\"section\":\"case_studies\",\"time_spent\":12,\"user_id\":\"alyssa\"}]}");
        assertThat(storedEvents("alyssa")).isEqualTo(4);

        JsonNode profile = json.readTree(get("/api/profile/alyssa", Map.of()).body());
        assertThat(profile.path("analytics_preference").asDouble()).isEqualTo(0.89);
        assertThat(profile.path("persona").asText()).isEqualTo("data_focused");
        assertThat(profile.path("explanation").asText()).contains("212 s of 238 s engaged time was on analytics over 3 sessions");

        JsonNode job = waitUntilFinished("alyssa");
        assertThat(job.path("stage").asText()).as(job.toString()).isEqualTo("live");
        assertThat(job.path("variant").asText()).isEqualTo("analytics_prominent");
        assertThat(job.path("deployment_status").asText()).isEqualTo("live");
        assertThat(job.path("stages").findValuesAsText("stage"))
                .containsExactly("planning", "generating", "validating", "building", "committing", "deploying");
        assertThat(job.path("url").asText()).isEqualTo("http://alyssa-personalized.localhost:" + app.port() + "/");

        // the variant is a real git commit, readable with the plain git CLI
        Path repo = app.components().repo().root();
        String commit = job.path("commit").asText();
        assertThat(git(repo, "show", "--name-only", "--format=%s", commit))
                .contains("Variant analytics_prominent", "variants/analytics-prominent/Homepage.jsx",
                        "variants/analytics-prominent/deployment.json");
        String variantSource = git(repo, "show", commit + ":variants/analytics-prominent/Homepage.jsx");
        assertThat(variantSource).contains("<AnalyticsDashboard position=\"hero\" />", "<QuickMetrics realTime={true} />",
                "className=\"homepage analytics-prominent\"");
        assertThat(variantSource.indexOf("<AnalyticsDashboard")).isLessThan(variantSource.indexOf("<Hero"));
        assertThat(git(repo, "submodule", "status")).contains(app.components().repo().baseCommit(), "original-website");

        // her next page load is the variant's bundle; everyone else's is the original's
        String variantArtifact = job.path("artifact").asText();
        HttpResponse<String> hers = get("/", Map.of("Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign("alyssa")));
        assertThat(hers.headers().firstValue("X-Tailor-Variant")).contains("analytics_prominent");
        assertThat(hers.body()).contains("/artifacts/" + variantArtifact + "/").doesNotContain(app.components().originalArtifact().id());

        HttpResponse<String> someoneElse = get("/", Map.of("Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign("bob")));
        assertThat(someoneElse.headers().firstValue("X-Tailor-Variant")).contains("original");
        assertThat(someoneElse.body()).contains("/artifacts/" + app.components().originalArtifact().id() + "/");

        String byHost = getWithHost("/", "alyssa-personalized.localhost:" + app.port());
        assertThat(byHost).contains("X-Tailor-Variant: analytics_prominent", "/artifacts/" + variantArtifact + "/");

        // a browser in which her variant failed to render gets the original
        HttpResponse<String> fellBack = get("/", Map.of("Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign("alyssa")
                + "; " + dev.tailor.build.Artifact.RENDER_FAILED_COOKIE + "=" + variantArtifact));
        assertThat(fellBack.headers().firstValue("X-Tailor-Variant")).contains("original");

        // a forged cookie is not Alyssa: it gets the original site and a fresh cookie
        HttpResponse<String> forged = get("/", Map.of("Cookie", VisitorCookies.NAME + "=alyssa.AAAAAAAAAAAAAAAAAAAAAA"));
        assertThat(forged.headers().firstValue("X-Tailor-Variant")).contains("original");
    }

    @Test
    @Order(4)
    void aSecondVisitorWithTheSamePlanReusesTheVariantWithinItsRollout() throws Exception {
        post("/api/track", "{\"events\":["
                + "{\"event_id\":\"c1\",\"event\":\"page_view\",\"section\":\"analytics_dashboard\",\"time_spent\":150,\"user_id\":\"carol\"},"
                + "{\"event_id\":\"c2\",\"event\":\"section_dwell\",\"section\":\"quick_metrics\",\"time_spent\":40,\"user_id\":\"carol\"},"
                + "{\"event_id\":\"c3\",\"event\":\"section_dwell\",\"section\":\"hero\",\"time_spent\":10,\"user_id\":\"carol\"}]}");
        JsonNode job = waitUntilFinished("carol");
        assertThat(job.path("stage").asText()).isEqualTo("live");
        assertThat(job.path("reused_existing_variant").asBoolean()).isTrue();
        assertThat(job.path("stages").findValuesAsText("stage")).containsExactly("planning");

        // Alyssa made the variant: she always gets it. Carol is eligible and lands in the 5% stage's
        // treatment or in its control group by her stable bucket.
        String key = job.path("plan").path("hash").asText() + "@" + app.components().repo().baseCommit();
        boolean treatment = Bucketing.inTreatment(key, "carol", 5);
        JsonNode rollout = job.path("rollout");
        assertThat(rollout.path("percent").asInt()).isEqualTo(5);
        assertThat(rollout.path("made_by_you").asBoolean()).isFalse(); // Alyssa's id is never shown to Carol
        assertThat(rollout.toString()).doesNotContain("alyssa");
        assertThat(rollout.path("arm").asText()).isEqualTo(treatment ? "treatment" : "control");
        HttpResponse<String> page = get("/", Map.of("Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign("carol"),
                "X-Tailor-Debug", "arm")); // the operator's view (open mode): only operators are told the arm
        assertThat(page.headers().firstValue("X-Tailor-Variant")).contains(treatment ? "analytics_prominent" : "original");
        assertThat(page.headers().firstValue("X-Tailor-Arm")).hasValueSatisfying(a -> assertThat(a)
                .startsWith(treatment ? "treatment" : "control").contains("analytics_prominent at 5%"));
    }

    @Test
    @Order(5)
    void aResentEventIsStoredOnce() throws Exception {
        String event = "{\"event_id\":\"dup-1\",\"event\":\"page_view\",\"section\":\"hero\",\"time_spent\":3,\"user_id\":\"dave\"}";
        assertThat(json.readTree(post("/api/track", event).body()).path("accepted").asInt()).isEqualTo(1);
        JsonNode again = json.readTree(post("/api/track", event).body());
        assertThat(again.path("accepted").asInt()).isZero();
        assertThat(again.path("duplicates").asInt()).isEqualTo(1);
        assertThat(storedEvents("dave")).isEqualTo(1);
    }

    @Test
    @Order(6)
    void theDashboardShowsWhatHappened() throws Exception {
        JsonNode metrics = json.readTree(get("/api/metrics", Map.of()).body());
        assertThat(metrics.path("optimizations").path("live").asInt()).isEqualTo(2);
        assertThat(metrics.path("optimizations").path("reused_variant").asInt()).isEqualTo(1);
        assertThat(metrics.path("optimizations").path("success_rate").asDouble()).isEqualTo(1.0);
        assertThat(metrics.path("optimizations").path("generation_ms").path("count").asInt()).isEqualTo(1);
        assertThat(metrics.path("visitors").path("matched").asInt()).isEqualTo(2);
        // both visitors went through the trigger's queue; nothing was dropped at this load
        assertThat(metrics.path("trigger_backlog").path("evaluated").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(metrics.path("trigger_backlog").path("dropped").asLong()).isZero();
        assertThat(metrics.path("trigger_backlog").path("capacity").asInt()).isEqualTo(100_000);
        assertThat(metrics.path("events").path("rejected").asInt()).isGreaterThanOrEqualTo(7); // the bad payloads above
        JsonNode variant = metrics.path("variants").get(0);
        assertThat(variant.path("variant").asText()).isEqualTo("analytics_prominent");
        assertThat(variant.path("users").asInt()).isEqualTo(2);
        assertThat(metrics.path("impact").path("measured").asBoolean()).isFalse();

        HttpResponse<String> dashboard = get("/dashboard", Map.of());
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("/api/metrics", "Rollouts and measured impact");
    }

    @Test
    @Order(7)
    void aVariantWhoseArtifactIsGoneFallsBackToTheOriginal() throws Exception {
        String cookie = VisitorCookies.NAME + "=" + app.components().cookies().sign("alyssa");
        String artifact = app.components().catalog().variantOf("alyssa").orElseThrow().artifactId();
        Path dir = app.components().config().artifactsDir().resolve(artifact);
        Path moved = dir.resolveSibling("moved-away");
        java.nio.file.Files.move(dir, moved);
        try {
            HttpResponse<String> page = get("/", Map.of("Cookie", cookie));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("X-Tailor-Variant")).contains("original");
            assertThat(page.body()).contains("/artifacts/" + app.components().originalArtifact().id() + "/");
        } finally {
            java.nio.file.Files.move(moved, dir);
        }
        assertThat(get("/", Map.of("Cookie", cookie)).headers().firstValue("X-Tailor-Variant")).contains("analytics_prominent");
    }

    private void assertRejected(String body, String field) throws Exception {
        HttpResponse<String> response = post("/api/track", body);
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        JsonNode error = json.readTree(response.body());
        assertThat(error.path("field").asText()).as(body).isEqualTo(field);
        assertThat(error.path("error").asText()).as(body).isNotBlank();
    }

    private JsonNode waitUntilFinished(String user) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode job = json.readTree(get("/api/optimize?user_id=" + user, Map.of()).body());
        while (!job.path("stage").asText().equals("live") && !job.path("stage").asText().equals("failed")
                && System.nanoTime() < deadline) {
            Thread.sleep(25);
            job = json.readTree(get("/api/optimize?user_id=" + user, Map.of()).body());
        }
        return job;
    }

    private long storedEvents(String user) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + app.components().config().databaseFile());
             PreparedStatement st = c.prepareStatement("select count(*) from events where user_id = ?")) {
            st.setString(1, user);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The raw response (headers and body) to a GET with another Host header, which java.net.http cannot send. */
    private String getWithHost(String path, String host) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
