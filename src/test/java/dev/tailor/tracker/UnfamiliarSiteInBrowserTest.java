package dev.tailor.tracker;

import static dev.tailor.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.testing.OptimizeApi;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.testing.GitCli;
import dev.tailor.visitor.VisitorCookies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 12's "done": a site unlike the examples (examples/kestrel-outfitters: a named export, a
 * {@code <Layout>} wrapper, kebab-case data-section names mapped by aliases, compact sections, its
 * own audiences, no entry file) is personalized by its tailor.json alone. Real Chromium plays
 * three visitors of different intent, each on a laptop (1280×600) and on a phone; each reads for
 * a few seconds, leaves, and on their next page load gets the variant their behaviour calls for.
 * Only the tracker reports what they did. The evidence needed is lowered so visits last seconds,
 * and the rollout serves every eligible visitor (TAILOR_ROLLOUT_STAGES=100, no global holdout) so a
 * visitor whose audience already has a variant gets it too, not a control-group or holdout coin toss.
 */
class UnfamiliarSiteInBrowserTest {

    static final long READ_MS = 4_000;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A visitor: the section they read, and what their next page shows. */
    record Intent(String audience, String reads, String layoutClass, List<String> sectionsAfterVisit) {
    }

    static final List<Intent> VISITORS = List.of(
            new Intent("price_sensitive", "pricing", "store pricing-first",
                    List.of("site-header", "pricing", "hero", "stories", "buy", "shipping-faq", "site-footer")),
            new Intent("social_proof_seeker", "stories", "store stories-first",
                    List.of("site-header", "stories", "hero", "pricing", "buy", "shipping-faq", "site-footer")),
            // the quick buyer's plan hides every optional section outside the call to buy; no layout class
            new Intent("quick_buyer", "buy", "store", List.of("site-header", "buy", "hero", "site-footer")));

    @Test
    void threeVisitorsOfDifferentIntentEachGetTheirVariantOnALaptopAndOnAPhone() throws Exception {
        HeadlessChromium.assumeInstalled();
        Path site = siteRepo(dir.resolve("kestrel"));
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dir.resolve("data").toString(),
                "TAILOR_PORT", "0", "ORIGINAL_REPO_PATH", site.toString(), "TAILOR_EVIDENCE_SECONDS", "4",
                "TAILOR_TRIGGER_MIN_EVENTS", "2", "TAILOR_ROLLOUT_STAGES", "100", "TAILOR_HOLDOUT", "0")), Clock.systemUTC())) {
            try (HeadlessChromium laptop = HeadlessChromium.desktop(1280, 600)) {
                for (Intent intent : VISITORS) {
                    visitAndReturn(app, laptop, intent, "desktop");
                }
            }
            try (HeadlessChromium phone = HeadlessChromium.emulating(390, 844, 3.0, HeadlessChromium.IPHONE_UA)) {
                for (Intent intent : VISITORS) {
                    visitAndReturn(app, phone, intent, "mobile");
                }
            }
            JsonNode metrics = get(app, "/api/metrics");
            assertThat(metrics.path("unmapped_sections").size()).as("sections Tailor could not map: %s",
                    metrics.path("unmapped_sections")).isZero();
            assertThat(metrics.path("visitors").path("by_persona").fieldNames()).toIterable()
                    .as("the dashboard names the site's audiences").containsExactlyInAnyOrder("price_sensitive",
                            "quick_buyer", "social_proof_seeker");
        }
    }

    private static void visitAndReturn(TailorApp app, HeadlessChromium browser, Intent intent, String device) throws Exception {
        JavascriptExecutor js = browser.driver;
        browser.driver.get(app.baseUrl() + "/healthz");
        browser.driver.manage().deleteAllCookies(); // a new visitor in this browser
        js.executeScript("localStorage.clear()");
        browser.driver.get(app.baseUrl() + "/");
        awaitStore(browser);
        String what = intent.audience() + " on " + device;
        assertThat(js.executeScript("return document.querySelector('.store').className")).as(what + ", first visit").isEqualTo("store");
        String visitor = app.components().cookies().verify(browser.driver.manage().getCookieNamed(VisitorCookies.NAME).getValue())
                .orElseThrow();

        js.executeScript("document.querySelector('[data-section=' + arguments[0] + ']')"
                + ".scrollIntoView({block: 'center', behavior: 'instant'})", intent.reads());
        Thread.sleep(READ_MS); // the visitor reads
        browser.driver.get("about:blank"); // and leaves: the tracker sends what it saw

        JsonNode job = awaitLive(app, visitor, what);
        JsonNode profile = get(app, "/api/profile/" + visitor);
        assertThat(profile.path("persona").asText()).as(what + ": " + profile.path("explanation").asText()).isEqualTo(intent.audience());
        assertThat(profile.path("device").asText()).isEqualTo(device);

        browser.driver.get(app.baseUrl() + "/");
        awaitStore(browser);
        assertThat(js.executeScript("return document.querySelector('.store').className"))
                .as(what + ", next visit (job %s)", job).isEqualTo(intent.layoutClass());
        assertThat(js.executeScript("return [...document.querySelectorAll('.store > [data-section]')]"
                + ".map(e => e.getAttribute('data-section'))")).as(what + ", next visit").isEqualTo(intent.sectionsAfterVisit());
    }

    private static void awaitStore(HeadlessChromium browser) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return !!document.querySelector('[data-section=site-footer]') && window.__tailor === true")));
    }

    private static JsonNode awaitLive(TailorApp app, String visitor, String what) throws Exception {
        try {
            return OptimizeApi.awaitLive(app.baseUrl(), visitor, null, Duration.ofSeconds(40));
        } catch (AssertionError notLive) {
            throw new AssertionError(what + ": " + notLive.getMessage() + "; profile " + get(app, "/api/profile/" + visitor), notLive);
        }
    }

    private static JsonNode get(TailorApp app, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** examples/kestrel-outfitters, committed as a fresh git repository: the site as its owner has it. */
    private static Path siteRepo(Path target) throws Exception {
        Path source = Path.of("examples", "kestrel-outfitters");
        return GitCli.commitCopy(source, target, "Kestrel Outfitters store");
    }
}
