package dev.tailor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.config.TailorConfig;
import dev.tailor.http.HttpApi;
import dev.tailor.optimize.JobStage;
import dev.tailor.visitor.VisitorCookies;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Plays the original spec's journey against a real Tailor server over HTTP, on a fresh data
 * directory, and prints every step with the time it took: events tracked → profile →
 * optimization triggered → generated → validated → committed → built → deployed → served.
 */
final class Demo {

    /** One of the spec's example visitors and what they do on the site. */
    record Visitor(String id, String description, List<String> events) {
    }

    static final List<Visitor> VISITORS = List.of(
            new Visitor("alyssa", "analytics enthusiast, desktop", List.of(
                    // the original spec's payload, exactly
                    "{\"event\":\"page_view\",\"page\":\"analytics_dashboard\",\"time_spent\":180,\"scroll_depth\":95,\"user_id\":\"alyssa\"}",
                    event("alyssa", "a2", "s2", "page_view", "hero", 14, "desktop"),
                    event("alyssa", "a3", "s2", "section_dwell", "quick_metrics", 32, "desktop"),
                    event("alyssa", "a4", "s3", "page_view", "case_studies", 12, "desktop"))),
            new Visitor("marcus", "content explorer, long reading sessions", List.of(
                    event("marcus", "m1", "s1", "page_view", "technical_deep_dive", 240, "desktop"),
                    event("marcus", "m2", "s1", "page_view", "case_studies", 180, "desktop"),
                    event("marcus", "m3", "s1", "page_view", "architecture_details", 150, "desktop"),
                    event("marcus", "m4", "s1", "page_view", "analytics_dashboard", 30, "desktop"))),
            new Visitor("alex", "quick decision maker on mobile", List.of(
                    event("alex", "x1", "s1", "page_view", "hero", 3, "mobile"),
                    event("alex", "x2", "s1", "section_dwell", "quick_cta", 6, "mobile"),
                    event("alex", "x3", "s1", "section_dwell", "essential_info", 9, "mobile"),
                    "{\"event_id\":\"x4\",\"session_id\":\"s1\",\"event\":\"goal\",\"goal\":\"start_trial\",\"section\":\"quick_cta\",\"user_id\":\"alex\",\"device\":\"mobile\"}",
                    event("alex", "x5", "s2", "page_view", "quick_cta", 4, "mobile"),
                    event("alex", "x6", "s2", "section_dwell", "essential_info", 5, "mobile"))));

    private static String event(String user, String id, String session, String type, String section, int seconds, String device) {
        return String.format(Locale.ROOT, "{\"event_id\":\"%s-%s\",\"session_id\":\"%s\",\"event\":\"%s\",\"section\":\"%s\","
                + "\"time_spent\":%d,\"device\":\"%s\",\"user_id\":\"%s\"}", user, id, session, type, section, seconds, device, user);
    }

    private final TailorConfig config;
    private final PrintStream out;
    private final int simulatedVisitors;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = TailorApp.json();

    /**
     * @param simulatedVisitors how many synthetic visitors to send after the journeys to show the
     *                          rollout deciding by itself (0: none)
     */
    Demo(TailorConfig config, PrintStream out, int simulatedVisitors) {
        TailorConfig demo = config.withDataDir(config.dataDir().resolve("demo"));
        // with simulated traffic, stages are judged on small numbers so the demo shows them move, and start
        // at 25%: at 5% the variant's arm of 3,000 visitors is too small to show a harmful variant rolled back;
        // the simulation is one client playing thousands of visitors, so the per-client limit is off, and
        // a script (Java's HTTP client), so the automation filter, which would count it in no arm, is off too
        this.config = simulatedVisitors == 0 ? demo : demo.withDefaults(Map.of(
                "TAILOR_ROLLOUT_MIN_VISITORS", "30", "TAILOR_ROLLOUT_MIN_STAGE_TIME", "0s", "TAILOR_ROLLOUT_CHECK", "1h",
                "TAILOR_ROLLOUT_STAGES", "25,50,100",
                "TAILOR_RATE_LIMIT_CLIENT", "0", "TAILOR_AUTOMATION_FILTER", "off"));
        this.out = out;
        this.simulatedVisitors = simulatedVisitors;
    }

    /** @return the process exit code: 0 when every visitor got a live variant */
    int run(boolean keepServing) throws Exception {
        out.println("Tailor demo: the original spec's journey, on embedded defaults (no keys, no network)");
        out.println("data directory: " + config.dataDir().toAbsolutePath() + " (made fresh for the demo)");
        deleteTree(config.dataDir());
        long t0 = System.nanoTime();
        TailorApp app;
        try {
            app = TailorApp.start(config, Clock.systemUTC());
        } catch (Exception e) {
            if (rootCause(e) instanceof BindException) {
                out.println("port " + config.port() + " is in use (is `tailor serve` running?): set TAILOR_PORT to another port");
                return 1;
            }
            throw e;
        }
        step("server up: original site built from " + app.components().repo().baseCommit().substring(0, 8) + " as artifact "
                + app.components().originalArtifact().id(), ms(t0));
        boolean allLive = true;
        List<String> urls = new ArrayList<>();
        for (Visitor visitor : VISITORS) {
            String url = journey(app, visitor);
            allLive &= url != null;
            if (url != null) {
                urls.add(url);
            }
        }
        if (simulatedVisitors > 0 && allLive) {
            // one variant that helps and one that hurts: the rollout should promote the first and roll back the second
            Simulation simulation = new Simulation(app, http, out);
            // a rollout stops sending once decided: what the first leaves unused goes to the second, whose 5% arm needs them
            int sent = simulation.run(new Simulation.Audience("alyssa", app.components().catalog().variantOf("alyssa").orElseThrow().key(),
                    Map.of("analytics_dashboard", 160, "quick_metrics", 30, "hero", 12), 0.10, 0.13), simulatedVisitors / 2);
            simulation.run(new Simulation.Audience("marcus", app.components().catalog().variantOf("marcus").orElseThrow().key(),
                    Map.of("technical_deep_dive", 200, "case_studies", 150, "architecture_details", 120), 0.12, 0.02),
                    simulatedVisitors - sent);
        }
        out.println();
        out.println("variant repository (git log): " + app.components().repo().root().toAbsolutePath());
        app.components().repo().history(10).forEach(c -> out.println("  " + c.sha().substring(0, 8) + "  " + c.message().lines().findFirst().orElse("")));
        out.println();
        out.println("original site:         " + app.baseUrl() + "/");
        for (String url : urls) {
            out.println("personalized page:     " + url);
        }
        if (!keepServing) {
            app.close();
            return allLive ? 0 : 1;
        }
        out.println("\nServing until Ctrl+C. Open the URLs above in a browser (*.localhost resolves to this machine).");
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        Thread.currentThread().join();
        return 0;
    }

    private String journey(TailorApp app, Visitor visitor) throws Exception {
        String base = app.baseUrl();
        out.println();
        out.println(cap(visitor.id()) + " (" + visitor.description() + ")");
        long t = System.nanoTime();
        for (String body : visitor.events()) {
            HttpResponse<String> r = track(http, base, app.components().cookies().integrationKey(), body);
            if (r.statusCode() != 200) {
                out.println("  ✗ POST /api/track answered " + r.statusCode() + ": " + r.body());
                return null;
            }
        }
        step("events tracked: " + visitor.events().size() + " × POST /api/track, each stored durably before the answer", ms(t));

        t = System.nanoTime();
        JsonNode profile = json.readTree(send(HttpRequest.newBuilder(URI.create(base + "/api/profile/" + visitor.id()))).body());
        step(String.format(Locale.ROOT, "profile: %s, persona %s, confidence %.2f", preferences(profile),
                profile.path("persona").asText(), profile.path("confidence").asDouble()), ms(t));
        out.println("       \"" + profile.path("explanation").asText() + "\"");

        JsonNode job = optimize(base, visitor.id());
        step("optimization triggered by the events themselves: " + job.path("trigger").path("reason").asText(),
                job.path("trigger").path("latency_ms").asLong());
        JsonNode plan = job.path("plan");
        out.println("       plan: order " + plan.path("order") + ", props " + plan.path("props")
                + (plan.path("hidden").isEmpty() ? "" : ", hidden " + plan.path("hidden")));
        long waitStart = System.nanoTime();
        while (!JobStage.fromWire(job.path("stage").asText()).finished()) {
            if (System.nanoTime() - waitStart > Duration.ofSeconds(60).toNanos()) {
                out.println("  ✗ not live after 60 s; last stage " + job.path("stage").asText());
                return null;
            }
            Thread.sleep(20);
            job = optimize(base, visitor.id());
        }
        if (JobStage.fromWire(job.path("stage").asText()) == JobStage.FAILED) {
            out.println("  ✗ optimization failed: " + job.path("error").asText() + " — visitors keep the original site");
            return null;
        }
        for (JsonNode stage : job.path("stages")) {
            JobStage name = JobStage.fromWire(stage.path("stage").asText());
            long millis = stage.path("ms").asLong();
            switch (name) {
                case PLANNING -> step("planned: plan " + job.path("plan").path("hash").asText()
                        + (job.path("reused_existing_variant").asBoolean() ? ", already live for another visitor: reused" : ", new"), millis);
                case GENERATING -> step("variant generated by " + job.path("morph_generation").path("generator").asText()
                        + " (" + job.path("morph_generation").path("model").asText() + String.format(Locale.ROOT, "), cost $%.4f",
                        job.path("morph_generation").path("cost_usd").asDouble()), millis);
                case VALIDATING -> step("validated: " + job.path("validation_findings").size()
                        + " findings (brand, required sections, catalog props, nothing unsafe)", millis);
                case BUILDING -> step("built with esbuild: artifact " + job.path("artifact").asText()
                        + " (nothing that does not build is committed)", millis);
                case COMMITTING -> step("committed " + job.path("commit").asText().substring(0, 8) + " to the variant repository", millis);
                case DEPLOYING -> step("deployed to the local edge", millis);
                default -> step(name.wire(), millis);
            }
        }

        t = System.nanoTime();
        String cookie = VisitorCookies.NAME + "=" + app.components().cookies().sign(visitor.id());
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/")).header("Cookie", cookie));
        HttpResponse<String> other = send(HttpRequest.newBuilder(URI.create(base + "/")));
        String variant = page.headers().firstValue("X-Tailor-Variant").orElse("?");
        step("served: GET / with " + visitor.id() + "'s cookie → " + variant + "; a new visitor → "
                + other.headers().firstValue("X-Tailor-Variant").orElse("?"), ms(t));
        JsonNode rollout = job.path("rollout");
        if (!rollout.isMissingNode()) {
            out.println("       rollout: " + visitor.id() + " made this variant and always gets it; other visitors it suits get it "
                    + "at " + rollout.path("percent").asInt() + "% first, against a control group ("
                    + app.components().config().rollout().stages().stream().map(p -> p + "%").collect(java.util.stream.Collectors.joining(" → "))
                    + ", rolled back if they convert worse)");
        }
        String url = job.path("url").asText();
        out.println("  → live at " + url + "   (total " + job.path("total_ms").asLong() + " ms from trigger to live)");
        return variant.equals(job.path("variant").asText()) ? url : null;
    }

    private JsonNode optimize(String base, String user) throws IOException, InterruptedException {
        return json.readTree(send(HttpRequest.newBuilder(URI.create(base + "/api/optimize?user_id=" + user))).body());
    }

    private static String preferences(JsonNode profile) {
        List<String> parts = new ArrayList<>();
        profile.path("preferences").fields().forEachRemaining(e -> {
            if (e.getValue().asDouble() >= 0.2) {
                parts.add(String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue().asDouble()));
            }
        });
        return String.join(", ", parts);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return send(http, request);
    }

    /** One request as a client of Tailor's HTTP API would send it (shared with the simulation). */
    static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * {@code POST /api/track} with a JSON body, as a server-side integration: the demo plays its
     * visitors without their browsers, so it proves itself with the site's integration key.
     */
    static HttpResponse<String> track(HttpClient http, String base, String integrationKey, String body)
            throws IOException, InterruptedException {
        return send(http, HttpRequest.newBuilder(URI.create(base + "/api/track")).header(HttpApi.INTEGRATION_KEY_HEADER, integrationKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private void step(String what, long millis) {
        out.printf(Locale.ROOT, "  ✓ %-100s %6d ms%n", what, millis);
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Throwable rootCause(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
