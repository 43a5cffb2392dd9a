package dev.tailor.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.variant.LiveVariant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A preview URL ({@code <user>-personalized.localhost}) shows the variant without tracking: Chromium
 * resolves {@code *.localhost} to this machine, loads the visitor's variant there, and the page runs no
 * tracker, gets no visitor cookie and sends no event, while the same browser on the site itself is tracked.
 * The dashboard then names the site and shows the variant's base commit.
 */
class PreviewInBrowserTest {

    @TempDir
    Path dir;

    @Test
    void aPreviewShowsTheVariantAndSendsNoEvents() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dir.toString(), "TAILOR_PORT", "0",
                "TAILOR_HOST", "127.0.0.1")), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.desktop()) {
            String events = "{\"events\":[" + String.join(",", java.util.Collections.nCopies(4,
                    "{\"event\":\"section_dwell\",\"section\":\"analytics_dashboard\",\"time_spent\":180,\"scroll_depth\":95,"
                            + "\"user_id\":\"alyssa\",\"device\":\"desktop\"}")) + "]}";
            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/track"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(events)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
            LiveVariant variant = awaitVariant(app, "alyssa", Duration.ofSeconds(90));
            long stored = app.components().eventLog().count();

            int port = URI.create(app.baseUrl()).getPort();
            browser.driver.get("http://alyssa-personalized.localhost:" + port + "/");
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(browser.driver.executeScript(
                    "return document.readyState === 'complete' && !!document.querySelector('[data-section]')")));
            assertThat(browser.driver.findElement(By.cssSelector("meta[name=tailor-artifact]")).getAttribute("content"))
                    .as("the preview is the variant").isEqualTo(variant.artifactId());
            browser.driver.executeScript("window.scrollTo(0, document.body.scrollHeight)");
            Thread.sleep(1_500); // a tracker would have sent its page view at once
            assertThat(browser.driver.executeScript("return window.__tailor === true")).as("tracker on the preview").isEqualTo(false);
            assertThat(browser.driver.getPageSource()).doesNotContain("tracker.js");
            assertThat(browser.driver.manage().getCookies()).as("cookies of the preview").isEmpty();
            assertThat(app.components().eventLog().count()).as("events from the preview").isEqualTo(stored);

            browser.driver.get(app.baseUrl() + "/"); // the site itself, in the same browser, is tracked
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> app.components().eventLog().count() > stored);

            // the dashboard names the site, and shows the variant's base commit and whom it serves
            browser.driver.get(app.baseUrl() + "/dashboard");
            String base = app.components().repo().baseCommit().substring(0, 8);
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> browser.driver.findElement(By.id("site-name"))
                    .getText().startsWith(app.components().site().name()));
            String row = browser.driver.findElement(By.cssSelector("#variants tr")).getText();
            assertThat(row).contains(variant.planName()).contains(base);
            assertThat(browser.driver.findElement(By.id("site-base")).getText()).contains(base);
        }
    }

    private static LiveVariant awaitVariant(TailorApp app, String user, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<LiveVariant> variant;
        while ((variant = app.components().catalog().variantOf(user)).isEmpty()) {
            assertThat(System.nanoTime()).as("a live variant for " + user).isLessThan(deadline);
            Thread.sleep(200);
        }
        return variant.get();
    }
}
