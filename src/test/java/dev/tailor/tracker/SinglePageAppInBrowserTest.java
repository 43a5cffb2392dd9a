package dev.tailor.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.track.TrackEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The tracker in a single-page app (issue 9) and under browser automation (issue 13), in real Chromium:
 * a {@code pushState} to a new path and the back button ({@code popstate}) are page views of their paths,
 * a {@code replaceState} or a hash change is none; and a browser whose {@code navigator.webdriver} is true
 * is left out of experiments even when its user agent is a plain Chrome's.
 */
class SinglePageAppInBrowserTest {

    /** A desktop Chrome's user agent, without the "HeadlessChrome" that the user-agent filter would catch. */
    static final String PLAIN_CHROME_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/156.0.0.0 Safari/537.36";

    @TempDir
    static Path dataDir;
    static TailorApp app;

    @BeforeAll
    static void startTailor() throws Exception {
        app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString(), "TAILOR_PORT", "0",
                "TAILOR_HOST", "127.0.0.1", "TAILOR_OPTIMIZATIONS_PER_HOUR", "0")), Clock.systemUTC());
    }

    @AfterAll
    static void stopTailor() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void pushStateAndPopstateToANewPathArePageViewsAndReplaceStateOrAHashAreNot() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = HeadlessChromium.desktop()) {
            JavascriptExecutor js = browser.driver;
            String visitor = open(browser);
            awaitPageViews(visitor, List.of("home"));

            js.executeScript("history.pushState({}, '', '/pricing')");
            awaitPageViews(visitor, List.of("home", "pricing"));
            js.executeScript("history.pushState({}, '', '/docs/getting-started')");
            awaitPageViews(visitor, List.of("home", "pricing", "docs_getting_started"));
            js.executeScript("history.replaceState({}, '', '/docs/getting-started?tab=2'); location.hash = 'install';"
                    + " history.pushState({}, '', '/docs/getting-started#faq')");
            js.executeScript("history.back()"); // to #install: the same path
            js.executeScript("history.back()"); // to ?tab=2, the same path
            js.executeScript("history.back()"); // popstate to /pricing
            awaitPageViews(visitor, List.of("home", "pricing", "docs_getting_started", "pricing"));
            Thread.sleep(1_000); // a wrongly counted same-path navigation would have been sent by now (page views flush at once)
            assertThat(pageViews(visitor)).containsExactly("home", "pricing", "docs_getting_started", "pricing");
            assertThat(app.components().eventLog().eventsOf(visitor)).extracting(TrackEvent::sessionId).containsOnly(
                    app.components().eventLog().eventsOf(visitor).get(0).sessionId());
        }
    }

    @Test
    void aBrowserUnderAutomationIsLeftOutOfExperimentsWhateverItsUserAgent() throws Exception {
        HeadlessChromium.assumeInstalled();
        int before = app.components().experiments().automatedVisitors();
        try (HeadlessChromium browser = HeadlessChromium.desktopWithUserAgent(PLAIN_CHROME_UA)) {
            assertThat(browser.driver.executeScript("return navigator.userAgent")).isEqualTo(PLAIN_CHROME_UA);
            assertThat(browser.driver.executeScript("return navigator.webdriver")).isEqualTo(true);
            String visitor = open(browser);
            awaitPageViews(visitor, List.of("home"));
            assertThat(app.components().eventLog().eventsOf(visitor).get(0).payload()).contains("\"webdriver\":true");
            assertThat(app.components().experiments().automatedVisitors()).isEqualTo(before + 1);
        }
    }

    private static String open(HeadlessChromium browser) {
        browser.driver.get(app.baseUrl() + "/");
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(
                browser.driver.executeScript("return window.__tailor === true")));
        Cookie cookie = browser.driver.manage().getCookieNamed("tailor_vid");
        return app.components().cookies().verify(cookie.getValue()).orElseThrow();
    }

    private static List<String> pageViews(String visitor) {
        return app.components().eventLog().eventsOf(visitor).stream().filter(e -> e.event().equals("page_view"))
                .map(TrackEvent::section).toList();
    }

    private static void awaitPageViews(String visitor, List<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + TrackerInBrowserTest.ARRIVAL.toNanos();
        while (!pageViews(visitor).equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(pageViews(visitor)).as("page views of " + visitor).isEqualTo(expected);
    }
}
