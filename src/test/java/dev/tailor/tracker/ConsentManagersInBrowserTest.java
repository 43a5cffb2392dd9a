package dev.tailor.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.visitor.Consent;
import dev.tailor.visitor.VisitorCookies;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * With {@code TAILOR_CONSENT=required} the tracker follows the page's consent manager without the site
 * calling {@code window.tailor.consent} itself: a small IAB TCF v2 CMP ({@code __tcfapi}) and Google
 * Consent Mode ({@code gtag('consent', …)} in the dataLayer), each put into every page before its own
 * scripts run, as a consent manager's tag in the site's head would be. Before consent: no visitor
 * cookie, no event; with it: both; when it is withdrawn: the cookie goes and nothing more is sent.
 */
class ConsentManagersInBrowserTest {

    /**
     * A TCF v2 CMP in a few lines: the visitor's choice is kept in localStorage and reported to
     * addEventListener callbacks as tcloaded on load and useractioncomplete when the banner is answered.
     */
    static final String TCF_CMP = """
            (function () {
              var listeners = [];
              function data(status) {
                var choice = localStorage.getItem('cmp_choice'), yes = choice === 'all';
                return { tcString: 'test', gdprApplies: true, eventStatus: status, cmpStatus: 'loaded',
                  purpose: { consents: { 1: yes, 2: yes, 5: yes, 6: yes, 7: yes }, legitimateInterests: {} },
                  publisher: { consents: {}, legitimateInterests: {} } };
              }
              window.__tcfapi = function (command, version, callback) {
                if (command === 'addEventListener' && version === 2) {
                  listeners.push(callback);
                  callback(data(localStorage.getItem('cmp_choice') ? 'tcloaded' : 'cmpuishown'), true);
                }
              };
              window.cmpAnswer = function (choice) {
                localStorage.setItem('cmp_choice', choice);
                listeners.forEach(function (l) { l(data('useractioncomplete'), true); });
              };
            })();""";

    /** Google's gtag snippet with consent denied by default, as Consent Mode's setup asks. */
    static final String CONSENT_MODE = """
            window.dataLayer = window.dataLayer || [];
            function gtag() { dataLayer.push(arguments); }
            gtag('consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied', personalization_storage: 'denied' });
            """;

    @TempDir
    static Path dataDir;
    static TailorApp app;

    @BeforeAll
    static void startTailor() throws Exception {
        app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString(), "TAILOR_PORT", "0",
                "TAILOR_HOST", "127.0.0.1", "TAILOR_OPTIMIZATIONS_PER_HOUR", "0", "TAILOR_CONSENT", "required")), Clock.systemUTC());
    }

    @AfterAll
    static void stopTailor() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void anIabTcfConsentManagerGivesAndWithdrawsConsent() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = withScriptInEveryPage(TCF_CMP)) {
            JavascriptExecutor js = browser.driver;
            long before = app.components().eventLog().count();
            openAndAssertNothingTracked(browser, before);
            js.executeScript("cmpAnswer('necessary')"); // refuses purposes 1, 5 and 6
            Thread.sleep(1_000);
            assertThat(browser.driver.manage().getCookieNamed(VisitorCookies.NAME)).as("no cookie after a refusal").isNull();
            assertThat(app.components().eventLog().count()).isEqualTo(before);

            js.executeScript("cmpAnswer('all')");
            String visitor = awaitVisitorCookie(browser);
            awaitPageView(visitor);
            browser.driver.navigate().refresh(); // the CMP says tcloaded with consent: tracked from the start
            long views = app.components().eventLog().eventsOf(visitor).size();
            new WebDriverWait(browser.driver, TrackerInBrowserTest.ARRIVAL).until(d ->
                    app.components().eventLog().eventsOf(visitor).size() > views);

            js.executeScript("cmpAnswer('necessary')"); // withdrawn
            new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> browser.driver.manage().getCookieNamed(VisitorCookies.NAME) == null);
            assertThat(browser.driver.manage().getCookieNamed(Consent.COOKIE).getValue()).isEqualTo(Consent.REFUSED);
            long afterWithdrawal = app.components().eventLog().count();
            browser.driver.navigate().refresh();
            Thread.sleep(1_500);
            assertThat(app.components().eventLog().count()).as("nothing after withdrawal").isEqualTo(afterWithdrawal);
        }
    }

    @Test
    void googleConsentModeGivesConsentWithPersonalizationStorage() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = withScriptInEveryPage(CONSENT_MODE)) {
            JavascriptExecutor js = browser.driver;
            long before = app.components().eventLog().count();
            openAndAssertNothingTracked(browser, before);
            js.executeScript("gtag('consent', 'update', { analytics_storage: 'granted' })"); // not what Tailor needs
            Thread.sleep(1_000);
            assertThat(browser.driver.manage().getCookieNamed(VisitorCookies.NAME)).isNull();

            js.executeScript("gtag('consent', 'update', { personalization_storage: 'granted' })");
            awaitPageView(awaitVisitorCookie(browser));
        }
    }

    private static HeadlessChromium withScriptInEveryPage(String script) throws Exception {
        HeadlessChromium browser = HeadlessChromium.desktop();
        browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
        return browser;
    }

    private static void openAndAssertNothingTracked(HeadlessChromium browser, long eventsBefore) throws InterruptedException {
        browser.driver.get(app.baseUrl() + "/");
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(
                browser.driver.executeScript("return window.__tailor === true")));
        Thread.sleep(1_500); // the tracker sends a page view at once when it may: give it the chance to misbehave
        assertThat(browser.driver.manage().getCookieNamed(VisitorCookies.NAME)).as("no visitor cookie before consent").isNull();
        assertThat(app.components().eventLog().count()).as("no event before consent").isEqualTo(eventsBefore);
    }

    private static String awaitVisitorCookie(HeadlessChromium browser) {
        Cookie vid = new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d ->
                browser.driver.manage().getCookieNamed(VisitorCookies.NAME));
        assertThat(browser.driver.manage().getCookieNamed(Consent.COOKIE).getValue()).isEqualTo(Consent.GIVEN);
        return app.components().cookies().verify(vid.getValue()).orElseThrow();
    }

    private static void awaitPageView(String visitor) throws InterruptedException {
        long deadline = System.nanoTime() + TrackerInBrowserTest.ARRIVAL.toNanos();
        while (app.components().eventLog().eventsOf(visitor).stream().noneMatch(e -> e.event().equals("page_view"))) {
            assertThat(System.nanoTime()).as("a page view of " + visitor + " after consent").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
