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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code TAILOR_CONSENT=required} in a real browser: before the page calls
 * {@code window.tailor.consent(true)} there is no visitor cookie and no event reaches Tailor; after it,
 * the visitor cookie is set and the page view arrives; {@code consent(false)} removes the cookie again
 * and stops the tracker.
 */
class ConsentInBrowserTest {

    @TempDir
    Path dir;

    @Test
    void nothingIsSetOrSentBeforeConsentAndTrackingStartsWithIt() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dir.toString(), "TAILOR_PORT", "0",
                "TAILOR_HOST", "127.0.0.1", "TAILOR_OPTIMIZATIONS_PER_HOUR", "0", "TAILOR_CONSENT", "required")), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.desktop()) {
            JavascriptExecutor js = (JavascriptExecutor) browser.driver;
            WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(15));

            browser.driver.get(app.baseUrl() + "/");
            wait.until(d -> Boolean.TRUE.equals(js.executeScript("return !!(window.tailor && window.tailor.consent)")));
            js.executeScript("window.scrollTo(0, document.body.scrollHeight)"); // would be a scroll event
            browser.driver.navigate().refresh(); // a second page load, still without consent
            wait.until(d -> Boolean.TRUE.equals(js.executeScript("return !!(window.tailor && window.tailor.consent)")));
            Thread.sleep(1_500); // the tracker sends a page view at once when it may; give it the chance to misbehave
            assertThat(browser.driver.manage().getCookieNamed(VisitorCookies.NAME)).as("no visitor cookie before consent").isNull();
            assertThat(app.components().eventLog().count()).as("no event before consent").isZero();

            js.executeAsyncScript("var done = arguments[0]; window.tailor.consent(true).then(function () { done(); });");
            Cookie vid = browser.driver.manage().getCookieNamed(VisitorCookies.NAME);
            assertThat(vid).as("the visitor cookie comes with consent").isNotNull();
            assertThat(vid.isHttpOnly()).isTrue();
            assertThat(browser.driver.manage().getCookieNamed(Consent.COOKIE).getValue()).isEqualTo(Consent.GIVEN);
            String visitor = app.components().cookies().verify(vid.getValue()).orElseThrow();
            wait.until(d -> !app.components().eventLog().eventsOf(visitor).isEmpty());
            assertThat(app.components().eventLog().eventsOf(visitor)).anySatisfy(e -> assertThat(e.event()).isEqualTo("page_view"));

            // the next page load of a consenting visitor is tracked from the start
            long before = app.components().eventLog().eventsOf(visitor).size();
            browser.driver.navigate().refresh();
            wait.until(d -> app.components().eventLog().eventsOf(visitor).size() > before);

            js.executeAsyncScript("var done = arguments[0]; window.tailor.consent(false).then(function () { done(); });");
            assertThat(browser.driver.manage().getCookieNamed(VisitorCookies.NAME)).as("refusal removes the visitor cookie").isNull();
            assertThat(browser.driver.manage().getCookieNamed(Consent.COOKIE).getValue()).isEqualTo(Consent.REFUSED);
            long afterRefusal = app.components().eventLog().count();
            browser.driver.navigate().refresh();
            Thread.sleep(1_500);
            assertThat(app.components().eventLog().count()).as("nothing after refusal").isEqualTo(afterRefusal);
            assertThat(browser.driver.manage().getCookieNamed(VisitorCookies.NAME)).isNull();
        }
    }
}
