package dev.tailor.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.visitor.VisitorCookies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole loop as a person meets it, in a real browser: they read the analytics dashboard,
 * leave, and on their next visit the page is rearranged for them. Nothing but the browser and
 * Tailor's own tracker reports what they did; the evidence needed is lowered so the test reads
 * for seconds, not minutes.
 */
class BrowserJourneyTest {

    @TempDir
    Path dir;

    @Test
    void aVisitorWhoReadsTheAnalyticsFindsThemFirstOnTheirNextVisit() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dir.toString(), "TAILOR_PORT", "0",
                        "TAILOR_EVIDENCE_SECONDS", "4", "TAILOR_TRIGGER_MIN_EVENTS", "2")), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.desktop()) {
            JavascriptExecutor js = (JavascriptExecutor) browser.driver;
            browser.driver.get(app.baseUrl() + "/");
            awaitPage(browser);
            assertThat(js.executeScript("return document.querySelector('.homepage').className")).isEqualTo("homepage");
            String visitor = app.components().cookies().verify(browser.driver.manage().getCookieNamed(VisitorCookies.NAME).getValue())
                    .orElseThrow();

            js.executeScript("document.querySelector('[data-section=analytics_dashboard]')"
                    + ".scrollIntoView({block: 'center', behavior: 'instant'})");
            Thread.sleep(6_000); // the visitor reads the dashboard
            browser.driver.get("about:blank"); // and leaves: the tracker sends what it saw

            String stage = awaitOptimization(app, visitor);
            assertThat(stage).as("their optimization").isEqualTo("live");

            browser.driver.get(app.baseUrl() + "/");
            awaitPage(browser);
            assertThat(js.executeScript("return document.querySelector('.homepage').className"))
                    .isEqualTo("homepage analytics-prominent");
            assertThat(js.executeScript("var s = [...document.querySelectorAll('.homepage > [data-section]')]"
                    + ".map(e => e.getAttribute('data-section')).filter(n => n !== 'navigation'); return s[0]"))
                    .as("the first section after the navigation").isEqualTo("analytics_dashboard");
        }
    }

    private static void awaitPage(HeadlessChromium browser) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return !!document.querySelector('[data-section=footer]') && window.__tailor === true")));
    }

    private static String awaitOptimization(TailorApp app, String visitor) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String stage = "";
        while (System.nanoTime() < deadline && !stage.equals("live") && !stage.equals("failed")) {
            Thread.sleep(100);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/optimize?user_id=" + visitor))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                stage = json.readTree(r.body()).path("stage").asText();
            }
        }
        return stage;
    }
}
