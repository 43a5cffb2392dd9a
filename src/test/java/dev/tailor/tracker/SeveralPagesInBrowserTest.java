package dev.tailor.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.testing.GitCli;
import dev.tailor.testing.OptimizeApi;
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
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * examples/tidewater-tea, a shop with two personalizable pages (/ and /pricing) and a client-side router:
 * one variant of a visitor's plan rewrites both, and real Chromium with that visitor's cookie sees the
 * personalized layout on both, whether it goes / → /pricing by a link (pushState) or opens /pricing
 * directly; a visitor without a variant sees the original pages.
 */
class SeveralPagesInBrowserTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static final List<String> HOME = List.of("header", "hero", "tea_shelf", "brewing_notes", "reviews", "newsletter", "footer");
    static final List<String> PRICING = List.of("header", "plan_table", "pricing_faq", "reviews", "join_now", "footer");
    static final List<String> HOME_FOR_READERS = List.of("header", "reviews", "brewing_notes", "hero", "tea_shelf", "newsletter", "footer");
    static final List<String> PRICING_FOR_READERS = List.of("header", "reviews", "plan_table", "pricing_faq", "join_now", "footer");

    @TempDir
    Path dir;

    @Test
    void aVisitorWithAVariantSeesBothPagesPersonalizedByLinkAndByDeepLink() throws Exception {
        HeadlessChromium.assumeInstalled();
        Path site = GitCli.commitCopy(Path.of("examples", "tidewater-tea"), dir.resolve("tea"), "Tidewater Tea");
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dir.resolve("data").toString(),
                "TAILOR_PORT", "0", "ORIGINAL_REPO_PATH", site.toString(), "TAILOR_ROLLOUT_STAGES", "100", "TAILOR_HOLDOUT", "0",
                "TAILOR_AUTOMATION_FILTER", "off")), Clock.systemUTC())) {
            postReviewReader(app, "nora");
            JsonNode live = awaitLive(app, "nora");
            assertThat(live.path("plan").path("other_pages").has("/pricing")).as(live.toPrettyString()).isTrue();

            // one commit holds both rewritten pages
            String commit = live.path("commit").asText();
            String audience = app.components().repo().history(5).stream().filter(c -> c.sha().equals(commit)).findFirst()
                    .orElseThrow().audience();
            assertThat(app.components().repo().readFile(commit, "variants/" + audience + "/Home.jsx"))
                    .hasValueSatisfying(code -> assertThat(code).contains("<Reviews compact={true}"));
            assertThat(app.components().repo().readFile(commit, "variants/" + audience + "/Pricing.jsx"))
                    .hasValueSatisfying(code -> assertThat(code).contains("<Reviews compact={true}"));

            // the edge serves the variant at every page path, by cookie
            for (String path : List.of("/", "/pricing")) {
                HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                        .header("Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign("nora")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.headers().firstValue("X-Tailor-Variant")).as(path).hasValue(live.path("variant").asText());
                assertThat(page.body()).as(path).contains("/artifacts/" + live.path("artifact").asText() + "/");
            }

            try (HeadlessChromium browser = HeadlessChromium.desktop(1280, 900)) {
                JavascriptExecutor js = browser.driver;
                browser.driver.get(app.baseUrl() + "/healthz");
                browser.driver.manage().addCookie(new Cookie(VisitorCookies.NAME, app.components().cookies().sign("nora"), "/"));

                browser.driver.get(app.baseUrl() + "/");
                assertThat(sections(browser, "home")).as("nora's home page").isEqualTo(HOME_FOR_READERS);
                assertThat(js.executeScript("return document.querySelector('main').className")).isEqualTo("page home social-proof-rich");

                browser.driver.findElement(By.cssSelector("nav a[href='/pricing']")).click(); // client-side: pushState
                assertThat(sections(browser, "pricing")).as("nora's pricing page, by the link").isEqualTo(PRICING_FOR_READERS);
                assertThat(js.executeScript("return location.pathname")).isEqualTo("/pricing");
                assertThat(js.executeScript("return document.querySelectorAll('.reviews--compact').length")).isEqualTo(1L);

                browser.driver.navigate().back(); // popstate
                assertThat(sections(browser, "home")).isEqualTo(HOME_FOR_READERS);

                browser.driver.get(app.baseUrl() + "/pricing"); // a deep link
                assertThat(sections(browser, "pricing")).as("nora's pricing page, by a deep link").isEqualTo(PRICING_FOR_READERS);

                browser.driver.manage().deleteAllCookies(); // someone else
                browser.driver.get(app.baseUrl() + "/pricing");
                assertThat(sections(browser, "pricing")).as("a new visitor's pricing page").isEqualTo(PRICING);
                browser.driver.get(app.baseUrl() + "/");
                assertThat(sections(browser, "home")).as("a new visitor's home page").isEqualTo(HOME);
            }
        }
    }

    /** The data-section names the page's root renders, in order, once the page {@code main.<page>} is there. */
    @SuppressWarnings("unchecked")
    private static List<String> sections(HeadlessChromium browser, String page) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return !!document.querySelector('main.' + arguments[0] + ' > [data-section=footer]')", page)));
        return (List<String>) ((JavascriptExecutor) browser.driver).executeScript(
                "return [...document.querySelectorAll('main > [data-section]')].map(e => e.getAttribute('data-section'))");
    }

    /** Long reads of the reviews and some of the brewing notes, over three sessions, as the tracker reports them. */
    private static void postReviewReader(TailorApp app, String user) throws Exception {
        for (int s = 0; s < 3; s++) {
            String session = user + "-session-" + s;
            String body = JSON.writeValueAsString(Map.of("events", List.of(
                    Map.of("event", "page_view", "page", "pricing", "user_id", user, "session_id", session, "device", "desktop"),
                    Map.of("event", "section_dwell", "section", "reviews", "time_spent", 100, "scroll_depth", 90,
                            "user_id", user, "session_id", session, "device", "desktop"),
                    Map.of("event", "section_dwell", "section", "brewing_notes", "time_spent", 20, "scroll_depth", 95,
                            "user_id", user, "session_id", session, "device", "desktop"))));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/track"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        }
    }

    private static JsonNode awaitLive(TailorApp app, String user) throws Exception {
        return OptimizeApi.awaitLive(app.baseUrl(), user, null, Duration.ofSeconds(90));
    }
}
