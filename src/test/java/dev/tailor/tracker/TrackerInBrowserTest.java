package dev.tailor.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.track.TrackEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The tracker as a visitor's browser runs it: real headless Chromium against a real Tailor
 * serving the bundled Acme demo site, asserting on what lands in the event log. Arrivals are
 * awaited with a bounded poll ({@link #ARRIVAL}), so a slow shared machine only makes the
 * tests slower, not flaky.
 */
class TrackerInBrowserTest {

    /** How long an event may take from the browser to the durable log before a test gives up. */
    static final Duration ARRIVAL = Duration.ofSeconds(15);
    /** Stated tolerance of the recorded dwell time around the time the test held a section in view. */
    static final double DWELL_TOLERANCE_SECONDS = 1.0;
    static final long DWELL_HOLD_MS = 3000;

    @TempDir
    static Path dataDir;
    static TailorApp app;

    @BeforeAll
    static void startTailor() throws Exception {
        // The optimizer's budget is zero: these tests watch the tracker, not personalization,
        // and every page they load must be the original site.
        app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString(), "TAILOR_PORT", "0",
                "TAILOR_OPTIMIZATIONS_PER_HOUR", "0")), Clock.systemUTC());
    }

    @AfterAll
    static void stopTailor() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void servedTrackerFitsTheSizeBudgetAndCallsNoThirdParty() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(app.baseUrl() + "/tailor/tracker.js")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(response.body());
        }
        assertThat(gz.size()).as("tracker.js gzipped (%d bytes raw)", response.body().length).isLessThan(3072);
        String script = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(script).as("the tracker talks to its own origin only").doesNotContain("://").contains("\"/api/track\"");
    }

    @Test
    void visitorCookieIsSameSiteLaxAndSecureBehindHttps() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Void> plain = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/")).build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<Void> tls = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/"))
                .header("X-Forwarded-Proto", "https").build(), HttpResponse.BodyHandlers.discarding());
        String plainCookie = plain.headers().firstValue("Set-Cookie").orElseThrow();
        String tlsCookie = tls.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(plainCookie).startsWith("tailor_vid=").containsIgnoringCase("SameSite=Lax").doesNotContainIgnoringCase("Secure");
        assertThat(tlsCookie).startsWith("tailor_vid=").containsIgnoringCase("SameSite=Lax").containsIgnoringCase("; Secure");
    }

    @Test
    void pageLoadRecordsAPageViewForTheSignedCookieVisitor() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = HeadlessChromium.desktop()) {
            String visitor = openHome(browser);
            Cookie cookie = browser.driver.manage().getCookieNamed("tailor_vid");
            assertThat(cookie.getSameSite()).isEqualTo("Lax");

            TrackEvent view = awaitEvent(visitor, e -> e.event().equals("page_view"), "a page_view");
            assertThat(view.userId()).isEqualTo(visitor);
            assertThat(view.device()).isEqualTo("desktop");
            assertThat(view.section()).as("page").isEqualTo("home");
            assertThat(view.sessionId()).matches("[0-9a-f]{24}");
            assertThat(view.eventId()).matches("[0-9a-f]{24}");
        }
    }

    @Test
    void sessionIdIsKeptAcrossPageLoadsAndRollsAfterThirtyMinutesIdle() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = HeadlessChromium.desktop()) {
            String visitor = openHome(browser);
            awaitEvents(visitor, events -> count(events, "page_view") == 1, "the first page_view");
            browser.driver.navigate().refresh();
            waitForTracker(browser);
            List<TrackEvent> two = awaitEvents(visitor, events -> count(events, "page_view") == 2, "the second page_view");
            List<String> sessions = sessionsOfPageViews(two);
            assertThat(sessions.get(1)).as("same session within 30 minutes").isEqualTo(sessions.get(0));

            // the visitor's last event was 31 minutes ago
            browser.driver.executeScript("var s = JSON.parse(localStorage.getItem('tailor_session'));"
                    + "s.last = Date.now() - 31 * 60 * 1000; localStorage.setItem('tailor_session', JSON.stringify(s));");
            browser.driver.navigate().refresh();
            waitForTracker(browser);
            List<TrackEvent> three = awaitEvents(visitor, events -> count(events, "page_view") == 3, "the third page_view");
            assertThat(sessionsOfPageViews(three).get(2)).as("a new session after 30 minutes idle").isNotEqualTo(sessions.get(0));
        }
    }

    @Test
    void dwellOnASectionIsRecordedWithinOneSecondAndUnseenSectionsHaveNone() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = HeadlessChromium.desktop()) {
            String visitor = openHome(browser);
            awaitEvent(visitor, e -> e.event().equals("page_view"), "a page_view");

            long beforeScroll = System.nanoTime();
            browser.driver.executeScript("document.querySelector('[data-section=case_studies]')"
                    + ".scrollIntoView({block: 'center', behavior: 'instant'})");
            long afterScroll = System.nanoTime();
            // the premise: at least half of the section, or half the screen, is case studies
            assertThat((Boolean) browser.driver.executeScript("var r = document.querySelector('[data-section=case_studies]')"
                    + ".getBoundingClientRect(), h = window.innerHeight, seen = Math.min(r.bottom, h) - Math.max(r.top, 0);"
                    + "return seen >= 0.5 * r.height || seen >= 0.5 * h;")).isTrue();
            Thread.sleep(DWELL_HOLD_MS); // the visitor reads; not an assertion

            long beforeHide = System.nanoTime();
            browser.loseFocus(); // the visitor turns to another window: blur
            browser.driver.switchTo().newWindow(WindowType.TAB); // and the tab to the background (hidden where Chromium does so)
            long afterHide = System.nanoTime();

            List<TrackEvent> events = awaitEvents(visitor, es -> es.stream().anyMatch(e -> isDwellOn(e, "case_studies")),
                    "section_dwell on case_studies");
            double recorded = events.stream().filter(e -> isDwellOn(e, "case_studies")).mapToDouble(TrackEvent::timeSpent).sum();
            double shortest = (beforeHide - afterScroll) / 1e9;
            double longest = (afterHide - beforeScroll) / 1e9;
            assertThat(recorded).as("case_studies dwell, held in view for %.2f–%.2f s", shortest, longest)
                    .isBetween(shortest - DWELL_TOLERANCE_SECONDS, longest + DWELL_TOLERANCE_SECONDS);
            assertThat(events.stream().filter(e -> e.event().equals("section_dwell")).map(TrackEvent::section))
                    .as("sections never scrolled into view").doesNotContain("footer", "essential_info", "quick_cta")
                    .as("the sticky navigation bar, in view all the time").doesNotContain("navigation");
        }
    }

    /**
     * The issue-12 failure: on a compact page several sections are in view at once, and crediting
     * each of them made a visit's engaged seconds several times its wall time. Only the focused
     * section accrues now, so the sum stays within the wall time and the sections read get it.
     */
    @Test
    void onACompactDesktopPageEngagedSecondsAddUpToAtMostTheWallTime() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = HeadlessChromium.desktop(1280, 600)) {
            assertDwellIsTheVisitorsAttention(browser, "desktop");
        }
    }

    @Test
    void onACompactPageOnAPhoneEngagedSecondsAddUpToAtMostTheWallTime() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = HeadlessChromium.emulating(390, 844, 3.0, HeadlessChromium.IPHONE_UA)) {
            assertDwellIsTheVisitorsAttention(browser, "mobile");
        }
    }

    /** Reads quick_cta, then case_studies, on a page whose sections are compacted to 200 px, and leaves. */
    private static void assertDwellIsTheVisitorsAttention(HeadlessChromium browser, String device) throws Exception {
        long visitStart = System.nanoTime();
        String visitor = openHome(browser);
        browser.driver.executeScript("var s = document.createElement('style');"
                + "s.textContent = '[data-section]:not([data-section=navigation]) { height: 200px !important;"
                + " min-height: 0 !important; overflow: hidden !important; }';"
                + "document.head.appendChild(s);");
        long[] held = new long[2];
        String[] read = {"quick_cta", "case_studies"};
        for (int i = 0; i < read.length; i++) {
            browser.driver.executeScript("document.querySelector('[data-section=' + arguments[0] + ']')"
                    + ".scrollIntoView({block: 'center', behavior: 'instant'})", read[i]);
            long shown = System.nanoTime();
            // the premise: a compact page, where the old rule ("at least half in view") credited several sections at once
            assertThat(((Number) browser.driver.executeScript("return [...document.querySelectorAll('[data-section]')]"
                    + ".filter(function (el) { var r = el.getBoundingClientRect(), h = innerHeight;"
                    + " return r.height > 0 && Math.min(r.bottom, h) - Math.max(r.top, 0) >= 0.5 * r.height; }).length")).intValue())
                    .as("sections at least half in view while %s is read", read[i]).isGreaterThanOrEqualTo(3);
            Thread.sleep(DWELL_HOLD_MS); // the visitor reads; not an assertion
            held[i] = System.nanoTime() - shown;
        }
        browser.driver.get("about:blank"); // pagehide: the tracker sends what it saw
        double wallSeconds = (System.nanoTime() - visitStart) / 1e9;

        List<TrackEvent> events = awaitEvents(visitor, es -> es.stream().anyMatch(e -> isDwellOn(e, "case_studies")),
                "section_dwell on case_studies");
        Map<String, Double> dwell = events.stream().filter(e -> e.event().equals("section_dwell"))
                .collect(Collectors.groupingBy(TrackEvent::section, Collectors.summingDouble(TrackEvent::timeSpent)));
        double engaged = dwell.values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(engaged).as("engaged seconds of a %.2f s visit: %s", wallSeconds, dwell).isLessThanOrEqualTo(wallSeconds);
        for (int i = 0; i < read.length; i++) {
            assertThat(dwell.getOrDefault(read[i], 0.0)).as("%s, read for %.2f s: %s", read[i], held[i] / 1e9, dwell)
                    .isBetween(held[i] / 1e9 - DWELL_TOLERANCE_SECONDS, held[i] / 1e9 + DWELL_TOLERANCE_SECONDS);
        }
        assertThat(events).filteredOn(e -> e.event().equals("section_dwell")).extracting(TrackEvent::device).containsOnly(device);
    }

    @Test
    void clickOnAGoalRecordsTheGoalAndItsSection() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = HeadlessChromium.desktop()) {
            String visitor = openHome(browser);
            browser.driver.findElement(By.cssSelector("[data-section=hero] [data-goal=start_trial]")).click();

            TrackEvent goal = awaitEvent(visitor, e -> e.event().equals("goal"), "a goal event");
            assertThat(goal.goal()).isEqualTo("start_trial");
            assertThat(goal.section()).isEqualTo("hero");
            assertThat(goal.device()).isEqualTo("desktop");
        }
    }

    @Test
    void pageHideFlushesQueuedEventsWithMaxScrollDepthAndErrors() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = HeadlessChromium.desktop()) {
            String visitor = openHome(browser);
            awaitEvent(visitor, e -> e.event().equals("page_view"), "a page_view");

            scrollTo(browser, 80);
            scrollTo(browser, 30); // the deepest point counts, not the last
            // an inline script is the page's own (WebDriver-injected code only ever reports "Script error.")
            browser.driver.executeScript("addEventListener('error', function () { window.errorSeen = true; });"
                    + "var s = document.createElement('script');"
                    + "s.textContent = \"setTimeout(function () { throw new Error('tracker test error'); }, 0);\";"
                    + "document.body.appendChild(s);");
            new WebDriverWait(browser.driver, Duration.ofSeconds(5)).until(d -> Boolean.TRUE.equals(
                    browser.driver.executeScript("return window.errorSeen === true")));
            List<TrackEvent> beforeHide = app.components().eventLog().eventsOf(visitor);
            double pageAgeMs = ((Number) browser.driver.executeScript("return performance.now()")).doubleValue();
            // the premise: the tracker's 10 s timer has not fired yet, so what follows can only be the pagehide flush
            assumeTrue(pageAgeMs < 8000, "this machine took " + pageAgeMs + " ms to get here; the 10 s flush timer may interfere");
            assertThat(beforeHide).as("queued, not yet sent").extracting(TrackEvent::event).containsOnly("page_view");

            browser.driver.get("about:blank"); // pagehide

            List<TrackEvent> events = awaitEvents(visitor,
                    es -> count(es, "scroll") > 0 && count(es, "error") > 0, "the scroll and error events queued before pagehide");
            TrackEvent scroll = events.stream().filter(e -> e.event().equals("scroll")).reduce((a, b) -> b).orElseThrow();
            assertThat(scroll.scrollDepth()).as("max scroll depth in percent").isBetween(79.0, 81.0);
            assertThat(events.stream().filter(e -> e.event().equals("error")).map(TrackEvent::payload))
                    .anySatisfy(p -> assertThat(p).contains("tracker test error"));
        }
    }

    @Test
    void aFetchThatGotNoAnswerIsSentAgainWithTheSameEventIdsAndStoredOnce() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = HeadlessChromium.desktop()) {
            // no beacons, so the tracker falls back to fetch; its first post fails as a connection closed
            // unanswered does ("TypeError: Failed to fetch"), the later ones go through
            browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    "navigator.sendBeacon = function () { return false; };"
                    + "var realFetch = window.fetch; window.failedBodies = [];"
                    + "window.fetch = function (url, init) {"
                    + "  if (String(url).indexOf('/api/track') >= 0 && window.failedBodies.length === 0) {"
                    + "    window.failedBodies.push(init.body); return Promise.reject(new TypeError('Failed to fetch')); }"
                    + "  return realFetch.apply(this, arguments); };"));
            String visitor = openHome(browser);
            new WebDriverWait(browser.driver, ARRIVAL).until(d -> ((Number) browser.driver.executeScript(
                    "return window.failedBodies.length")).intValue() == 1);
            String failed = (String) browser.driver.executeScript("return window.failedBodies[0]");
            assertThat(failed).contains("\"page_view\"");
            assertThat(app.components().eventLog().eventsOf(visitor)).as("the failed post stored nothing").isEmpty();

            browser.driver.get("about:blank"); // pagehide: the next flush

            List<TrackEvent> events = awaitEvents(visitor, es -> count(es, "page_view") > 0, "the page_view sent again");
            TrackEvent view = events.stream().filter(e -> e.event().equals("page_view")).findFirst().orElseThrow();
            assertThat(failed).as("the same event, with the id the failed post carried").contains(view.eventId());
            assertThat(count(events, "page_view")).isEqualTo(1);
        }
    }

    @Test
    void phoneEmulationIsReportedAsMobile() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = HeadlessChromium.emulating(390, 844, 3.0, HeadlessChromium.IPHONE_UA)) {
            String visitor = openHome(browser);
            assertThat(awaitEvent(visitor, e -> e.event().equals("page_view"), "a page_view").device()).isEqualTo("mobile");
        }
    }

    @Test
    void tabletEmulationIsReportedAsTablet() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = HeadlessChromium.emulating(820, 1180, 2.0, HeadlessChromium.IPAD_UA)) {
            String visitor = openHome(browser);
            assertThat(awaitEvent(visitor, e -> e.event().equals("page_view"), "a page_view").device()).isEqualTo("tablet");
        }
    }

    @Test
    void globalPrivacyControlInThePageStopsAllTracking() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = HeadlessChromium.desktop()) {
            browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: function () { return true; }});"));
            String visitor = presetVisitorCookie(browser);

            browser.driver.get(app.baseUrl() + "/");
            waitForSite(browser);
            assertOptedOutPage(browser);
            browser.driver.findElement(By.cssSelector("[data-section=hero] [data-goal=start_trial]")).click();
            assertThat(trackRequests(browser)).as("requests to /api/track").isZero();
            browser.driver.get("about:blank");

            assertNothingStoredFor(visitor);
        }
    }

    @Test
    void secGpcHeaderGetsTheOriginalSiteWithoutCookieAndTrackIgnoresIt() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = HeadlessChromium.desktop()) {
            browser.driver.executeCdpCommand("Network.enable", Map.of());
            browser.driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Sec-GPC", "1")));
            browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: function () { return true; }});"));

            browser.driver.get(app.baseUrl() + "/");
            waitForSite(browser);
            assertThat(browser.driver.manage().getCookieNamed("tailor_vid")).as("no visitor cookie is issued").isNull();
            assertOptedOutPage(browser);

            // even an event carrying a valid visitor cookie is not stored while the browser sends Sec-GPC
            String visitor = app.components().cookies().newVisitorId();
            browser.driver.manage().addCookie(new Cookie("tailor_vid", app.components().cookies().sign(visitor), "/"));
            Object status = browser.driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                    + "fetch('/api/track', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                    + " body: JSON.stringify({event: 'page_view', page: 'home'})}).then(function (r) { done(r.status); })"
                    + ".catch(function (e) { done(String(e)); });");
            assertThat(status).isEqualTo(204L);
            assertThat(app.components().eventLog().eventsOf(visitor)).isEmpty();
        }
    }

    @Test
    void doNotTrackStopsAllTracking() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium browser = HeadlessChromium.desktopWithPrefs(Map.of("enable_do_not_track", true))) {
            browser.driver.get(app.baseUrl() + "/");
            waitForSite(browser);
            assertThat(browser.driver.executeScript("return navigator.doNotTrack")).isEqualTo("1");
            assertThat(browser.driver.manage().getCookieNamed("tailor_vid")).as("no visitor cookie is issued").isNull();
            assertOptedOutPage(browser);
            assertThat(trackRequests(browser)).as("requests to /api/track").isZero();
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Loads the home page, waits for the site and the tracker, and returns the visitor id in the signed cookie. */
    private static String openHome(HeadlessChromium browser) {
        browser.driver.get(app.baseUrl() + "/");
        waitForTracker(browser);
        Cookie cookie = browser.driver.manage().getCookieNamed("tailor_vid");
        assertThat(cookie).as("the tailor_vid cookie the server issued").isNotNull();
        return app.components().cookies().verify(cookie.getValue())
                .orElseThrow(() -> new AssertionError("tailor_vid is not signed by this server: " + cookie.getValue()));
    }

    private static void waitForSite(HeadlessChromium browser) {
        new WebDriverWait(browser.driver, ARRIVAL).until(d -> Boolean.TRUE.equals(browser.driver.executeScript(
                "return document.readyState === 'complete' && !!document.querySelector('[data-section=footer]')")));
    }

    private static void waitForTracker(HeadlessChromium browser) {
        waitForSite(browser);
        new WebDriverWait(browser.driver, ARRIVAL).until(d -> Boolean.TRUE.equals(
                browser.driver.executeScript("return window.__tailor === true")));
    }

    /** Scrolls and waits until the page has dispatched the scroll event (the tracker's listener ran before ours). */
    private static void scrollTo(HeadlessChromium browser, int percent) {
        browser.driver.executeScript("window.__scrolled = false;"
                + "addEventListener('scroll', function seen() { window.__scrolled = true; removeEventListener('scroll', seen); });"
                + "var h = document.documentElement;"
                + "window.scrollTo({top: (h.scrollHeight - h.clientHeight) * arguments[0] / 100, behavior: 'instant'});", percent);
        new WebDriverWait(browser.driver, Duration.ofSeconds(5)).until(d -> Boolean.TRUE.equals(browser.driver.executeScript(
                "return window.__scrolled === true")));
    }

    /** Signs a fresh visitor id and puts it in the browser's cookie jar, as if Tailor had issued it before. */
    private static String presetVisitorCookie(HeadlessChromium browser) {
        browser.driver.get(app.baseUrl() + "/healthz"); // on Tailor's origin, without being given a cookie
        String visitor = app.components().cookies().newVisitorId();
        // host-only, as Tailor issues it (WebDriver's addCookie would set a Domain attribute)
        browser.driver.executeCdpCommand("Network.setCookie", Map.of("name", "tailor_vid", "value", app.components().cookies().sign(visitor),
                "url", app.baseUrl() + "/", "path", "/", "sameSite", "Lax"));
        return visitor;
    }

    /** The page is the original site and the tracker stood down. */
    private static void assertOptedOutPage(HeadlessChromium browser) {
        assertThat(browser.driver.findElement(By.cssSelector("meta[name=tailor-artifact]")).getAttribute("content"))
                .as("the original site's artifact").isEqualTo(app.components().originalArtifact().id());
        assertThat(browser.driver.executeScript("return window.__tailor === true")).as("tracker running").isEqualTo(false);
    }

    private static long trackRequests(HeadlessChromium browser) {
        return (Long) browser.driver.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(function (e) { return e.name.indexOf('/api/track') >= 0; }).length");
    }

    /**
     * Nothing arrives for the visitor. An absence can only be observed for a while: the window is
     * the arrival bound of the other tests, and the browser already showed it sent nothing.
     */
    private static void assertNothingStoredFor(String visitor) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(app.components().eventLog().eventsOf(visitor)).as("events stored for an opted-out visitor").isEmpty();
            Thread.sleep(200);
        }
        assertThat(app.components().profiles().profile(visitor)).as("profile of an opted-out visitor").isEmpty();
    }

    private static TrackEvent awaitEvent(String visitor, Predicate<TrackEvent> wanted, String what) throws InterruptedException {
        return awaitEvents(visitor, events -> events.stream().anyMatch(wanted), what).stream().filter(wanted).findFirst().orElseThrow();
    }

    private static List<TrackEvent> awaitEvents(String visitor, Predicate<List<TrackEvent>> done, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        List<TrackEvent> events;
        do {
            events = app.components().eventLog().eventsOf(visitor);
            if (done.test(events)) {
                return events;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return fail(what + " did not arrive within " + ARRIVAL.toSeconds() + " s; the log has for " + visitor + ": "
                + events.stream().map(e -> e.event() + (e.section() == null ? "" : "(" + e.section() + ")")).collect(Collectors.joining(", ")));
    }

    private static boolean isDwellOn(TrackEvent e, String section) {
        return e.event().equals("section_dwell") && section.equals(e.section());
    }

    private static long count(List<TrackEvent> events, String type) {
        return events.stream().filter(e -> e.event().equals(type)).count();
    }

    private static List<String> sessionsOfPageViews(List<TrackEvent> events) {
        return events.stream().filter(e -> e.event().equals("page_view")).map(TrackEvent::sessionId).toList();
    }
}
