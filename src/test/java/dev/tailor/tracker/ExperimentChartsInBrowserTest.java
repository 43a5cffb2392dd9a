package dev.tailor.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.experiment.Experiments;
import dev.tailor.experiment.RolloutStatus;
import dev.tailor.track.MutableClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The experiment detail page in real Chromium over a real Tailor (SQLite, API token): each arm's
 * conversion over time with its 95% band drawn from the rollout's snapshots, the stage timeline, the
 * holdout lift with its interval, and the SIMULATED marks; the page follows new snapshots and a
 * promotion by itself. Tailor runs on a clock the test moves, so snapshots are minutes apart in
 * seconds of test.
 */
class ExperimentChartsInBrowserTest {

    private static final String TOKEN = "charts-token";
    private static final String KEY = "plan@base";

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final MutableClock clock = new MutableClock(Instant.now());
    private TailorApp app;
    private int visitors;

    @Test
    void theDetailPageDrawsArmsOverTimeTheStageTimelineAndTheHoldoutLiftAndFollowsTheRollout() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (TailorApp started = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString(), "TAILOR_PORT", "0",
                "TAILOR_API_TOKEN", TOKEN, "TAILOR_ROLLOUT_STAGES", "50,100", "TAILOR_ROLLOUT_MIN_VISITORS", "50",
                "TAILOR_ROLLOUT_MIN_STAGE_TIME", "1h", "TAILOR_ROLLOUT_CHECK", "1h", "TAILOR_HOLDOUT", "10")), clock);
             HeadlessChromium browser = HeadlessChromium.desktop(1280, 1800)) {
            app = started;
            Experiments experiments = app.components().experiments();
            experiments.start(KEY, "content_rich", "ann");
            visit(300);
            experiments.check();
            assertThat(experiments.rollout(KEY).orElseThrow().status()).isEqualTo(RolloutStatus.ROLLING_OUT);

            WebDriver driver = browser.driver;
            driver.get(app.baseUrl() + "/dashboard?token=" + TOKEN);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            wait.until(d -> d.findElement(By.id("impact")).getText().contains("charts & history"));
            driver.findElement(By.linkText("charts & history →")).click();
            wait.until(d -> !d.findElements(By.cssSelector("#chart-arms polyline")).isEmpty());

            assertThat(driver.getCurrentUrl()).contains("rollout=" + URLEncoder.encode(KEY, StandardCharsets.UTF_8));
            assertThat(driver.findElement(By.id("overview")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.id("exp-title")).getText()).contains("content_rich", KEY);
            assertThat(driver.findElements(By.cssSelector("#chart-arms polygon.band"))).hasSize(2);
            assertThat(driver.findElements(By.cssSelector("#chart-arms circle"))).hasSize(2); // one snapshot, two arms
            assertThat(driver.findElements(By.cssSelector("#chart-timeline rect.stage"))).hasSize(1);
            assertThat(driver.findElement(By.id("exp-status")).getText()).contains("50% · rolling out", "SIMULATED: ");
            assertThat(driver.findElement(By.cssSelector("#chart-arms text.sim")).getText()).isEqualTo("SIMULATED");
            assertThat(driver.findElements(By.cssSelector("#exp-holdout #chart-holdout-lift line.interval"))).hasSize(1);
            assertThat(driver.findElement(By.id("exp-holdout")).getText()).containsIgnoringCase("Lift of personalization (any_goal)")
                    .contains("95% interval", "SIMULATED");
            assertThat(driver.findElement(By.id("exp-metrics")).getText()).contains("any_goal", "js_errors", "Sample ratio:");

            // twenty minutes later, more visitors: a second snapshot, drawn without a reload
            clock.advance(Duration.ofMinutes(20));
            visit(300);
            experiments.check();
            wait.until(d -> d.findElements(By.cssSelector("#chart-arms circle")).size() == 4);

            // past the stage's hour, the next judgement promotes: the stage's last numbers and a second timeline segment
            clock.advance(Duration.ofMinutes(45));
            experiments.check();
            assertThat(experiments.rollout(KEY).orElseThrow().percent()).isEqualTo(100);
            wait.until(d -> d.findElements(By.cssSelector("#chart-timeline rect.stage")).size() == 2);
            assertThat(driver.findElements(By.cssSelector("#chart-arms circle"))).hasSize(6);
            assertThat(driver.findElement(By.id("exp-history")).getText()).contains("50% · rolling out", "100% · complete", "no decline at 50%");
            assertThat(driver.findElement(By.id("exp-status")).getText()).contains("100% · complete");

            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target/experiment-charts.png"), browser.driver.getScreenshotAs(OutputType.BYTES));
            driver.findElement(By.linkText("← all rollouts")).click();
            wait.until(d -> d.findElement(By.id("impact")).getText().contains("100% · complete"));
            assertThat(driver.findElements(By.cssSelector("#holdout #chart-holdout-lift line.interval"))).hasSize(1);
            Files.write(Path.of("target/experiment-overview.png"), browser.driver.getScreenshotAs(OutputType.BYTES));
        }
    }

    /** More simulated visitors load the page; every third converts, whatever their arm. */
    private void visit(int n) throws Exception {
        List<String> converted = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String visitor = Experiments.SIMULATED_PREFIX + "chart-" + visitors++;
            app.components().experiments().route(KEY, visitor);
            if (visitors % 3 == 0) {
                converted.add(visitor);
            }
        }
        clock.advance(Duration.ofSeconds(1));
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int i = 0; i < converted.size(); i++) {
            batch.append(i == 0 ? "" : ",").append("{\"event\":\"goal\",\"goal\":\"signup\",\"user_id\":\"").append(converted.get(i)).append("\"}");
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/track"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(batch.append("]}").toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
