package dev.tailor.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.track.RunningTailor;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.build.Artifact;
import dev.tailor.experiment.Bucketing;
import dev.tailor.experiment.Experiments;
import dev.tailor.experiment.Metric;
import dev.tailor.experiment.RolloutPolicy;
import dev.tailor.experiment.RolloutStatus;
import dev.tailor.visitor.VisitorCookies;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The experiment panels of the dashboard in real Chromium, over a real Tailor with an API token:
 * a rollout rolled back by its numbers shows every metric per arm with intervals (as charts), its
 * sample-ratio check, the holdout lift and the SIMULATED marks; the admin's re-try button, and only
 * the admin, brings it back to its first stage, and the page updates by itself; a render fallback
 * the edge serves is counted for its guardrail.
 */
class ExperimentDashboardInBrowserTest {

    private static final String TOKEN = "s3cret-token";
    private static final int VISITORS = 300;

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private TailorApp app;

    @Test
    void theRolloutsMetricsHoldoutAndReTryButtonWorkInTheBrowser() throws Exception {
        HeadlessChromium.assumeInstalled();
        // the visitors are a script and a headless browser playing people: the automation filter would count them in no arm
        try (TailorApp started = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString(), "TAILOR_PORT", "0",
                "TAILOR_API_TOKEN", TOKEN, "TAILOR_ROLLOUT_MIN_VISITORS", "3", "TAILOR_ROLLOUT_MIN_STAGE_TIME", "0s",
                "TAILOR_ROLLOUT_CHECK", "1h", "TAILOR_HOLDOUT", "10", "TAILOR_AUTOMATION_FILTER", "off")), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.desktop()) {
            app = started;
            List<String> visitors = eligibleVisitors();
            List<String> control = new ArrayList<>();
            for (String v : visitors) {
                String arm = page(v).headers().firstValue("X-Tailor-Arm").orElseThrow();
                if (arm.startsWith(Experiments.CONTROL) || arm.startsWith(Experiments.HOLDOUT)) {
                    control.add(v); // the original converts; the variant's visitors do not
                }
            }
            post(goals(control));
            app.components().experiments().check();
            String key = app.components().experiments().reports().get(0).rollout().variantKey();
            assertThat(app.components().experiments().reports().get(0).rollout().status()).isEqualTo(RolloutStatus.ROLLED_BACK);

            // the re-try is an admin's: without the token it is refused
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(retryUri(key))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);

            browser.driver.get(app.baseUrl() + "/dashboard?token=" + TOKEN);
            WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(20));
            wait.until(d -> !d.findElements(By.cssSelector("tr.detail")).isEmpty());
            String detail = browser.driver.findElement(By.cssSelector("tr.detail")).getText();
            assertThat(detail).contains("any_goal", "primary", "js_errors", "render_fallbacks", "bounce", "guardrail: a rise rolls back",
                    "Sample ratio:", "as configured", "undecided · Λ");
            assertThat(browser.driver.findElements(By.cssSelector("tr.detail svg.ci circle"))).hasSizeGreaterThanOrEqualTo(2);
            WebElement holdout = browser.driver.findElement(By.id("holdout"));
            assertThat(holdout.getText()).containsIgnoringCase("Lift of personalization (any_goal)")
                    .contains("95% interval", "never personalized", "SIMULATED");
            assertThat(holdout.findElements(By.cssSelector("svg.ci circle"))).hasSize(2);
            assertThat(browser.driver.findElement(By.id("impact")).getText()).contains("SIMULATED", "rolled back");
            browser.driver.executeScript("document.getElementById('impact').scrollIntoView()");
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target/experiment-dashboard.png"), browser.driver.getScreenshotAs(OutputType.BYTES));

            browser.driver.findElement(By.cssSelector("button.retry")).click();
            wait.until(d -> d.findElement(By.id("retry-result")).getText().startsWith("Re-tried"));
            assertThat(browser.driver.findElement(By.id("retry-result")).getText()).contains("rolling out at 5%");
            wait.until(d -> d.findElement(By.id("impact")).getText().contains("5% · rolling out")); // the page polls by itself
            assertThat(app.components().experiments().rollout(key).orElseThrow().reason()).contains("re-tried by an admin",
                    "before: rolled_back");
            assertThat(browser.driver.findElements(By.cssSelector("button.retry"))).isEmpty();
            // a rollout that is not taken back cannot be re-tried; an unknown one is named
            HttpResponse<String> again = adminPost(retryUri(key));
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(json.readTree(again.body()).path("error").asText()).contains("not rolled back or stopped");
            HttpResponse<String> unknown = adminPost(retryUri("nope@base"));
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(json.readTree(unknown.body()).path("field").asText()).isEqualTo("variant_key");

            // a treatment visitor whose browser marked the variant as failing to render gets the original,
            // and the edge counts it for the render_fallbacks guardrail of the new attempt
            String fresh = null;
            for (int i = 0; fresh == null; i++) {
                String candidate = Experiments.SIMULATED_PREFIX + "fresh-" + i;
                if (Bucketing.inTreatment(key, candidate, 5) && !app.components().experiments().inHoldout(candidate)) {
                    fresh = candidate;
                }
            }
            post(RunningTailor.analyticsEvents(List.of(fresh)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (app.components().catalog().variantOf(fresh).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String artifact = app.components().catalog().variantOf(fresh).orElseThrow().artifactId();
            assertThat(page(fresh).headers().firstValue("X-Tailor-Variant")).contains("analytics_prominent");
            HttpResponse<String> fallback = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/"))
                    .header("Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign(fresh) + "; "
                            + Artifact.RENDER_FAILED_COOKIE + "=" + artifact).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(fallback.headers().firstValue("X-Tailor-Variant")).contains("original");
            RolloutPolicy.MetricResult fallbacks = app.components().experiments().reports().get(0).metrics().stream()
                    .filter(m -> m.metric().equals(Metric.RENDER_FALLBACKS)).findFirst().orElseThrow();
            assertThat(fallbacks.treatment().visitors()).isEqualTo(1);
            assertThat(fallbacks.treatment().conversions()).isEqualTo(1);

            JsonNode metrics = json.readTree(get("/api/metrics").body()).path("impact");
            assertThat(metrics.path("holdout").path("measured").asBoolean()).isTrue();
            assertThat(metrics.path("holdout").path("holdout").path("visitors").asInt()).isBetween(10, 60);
            assertThat(metrics.path("rollouts").get(0).path("metrics").findValuesAsText("name"))
                    .containsExactly("any_goal", "js_errors", "render_fallbacks", "bounce");
        }
    }

    private HttpResponse<String> adminPost(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI retryUri(String key) {
        return URI.create(app.baseUrl() + "/api/rollouts/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "/retry");
    }

    /** Alyssa makes the variant; 300 simulated visitors like her become eligible for it. */
    private List<String> eligibleVisitors() throws Exception {
        post(RunningTailor.analyticsEvents(List.of("alyssa")));
        awaitLive("alyssa");
        List<String> visitors = new ArrayList<>();
        for (int i = 0; i < VISITORS; i++) {
            visitors.add(Experiments.SIMULATED_PREFIX + "visitor-" + i);
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

    private static String goals(List<String> users) {
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int i = 0; i < users.size(); i++) {
            batch.append(i == 0 ? "" : ",").append("{\"event\":\"goal\",\"goal\":\"start_trial\",\"user_id\":\"")
                    .append(users.get(i)).append("\"}");
        }
        return batch.append("]}").toString();
    }

    private void awaitLive(String user) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String stage = "";
        while (!stage.equals("live") && System.nanoTime() < deadline) {
            Thread.sleep(25);
            stage = json.readTree(get("/api/optimize?user_id=" + user).body()).path("stage").asText();
        }
        assertThat(stage).isEqualTo("live");
    }

    private HttpResponse<String> page(String visitor) throws Exception {
        // the arm is told only to an operator who asks for it
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/"))
                .header("Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign(visitor))
                .header("X-Tailor-Debug", "arm").header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void post(String body) throws Exception {
        // a server-side integration posting for many visitors: with a token, it proves itself with it
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/track"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
