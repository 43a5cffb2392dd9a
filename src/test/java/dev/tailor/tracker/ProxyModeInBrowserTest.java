package dev.tailor.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tailor.testing.OptimizeApi;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.testing.GitCli;
import dev.tailor.visitor.VisitorCookies;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Proxy mode in a real browser: the site (a second server on loopback, with its own page and bundle)
 * behind Tailor. A new visitor sees the site's own page, rendered by the site's own bundle, and the
 * injected tracker reports to Tailor under {@code /_tailor/}; a personalized visitor's browser gets
 * the variant's bundle in the site's page instead of the site's, so the site's own never runs (no
 * flicker), and the site's head (title, meta) stays.
 */
class ProxyModeInBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="description" content="The real Brightside site">
            <title>Brightside — served by the site itself</title>
            </head>
            <body>
            <div id="root"></div>
            <script src="/assets/site.js" data-tailor-entry></script>
            </body>
            </html>
            """;
    private static final String SITE_JS = """
            window.siteBundleRan = true;
            document.getElementById("root").innerHTML = '<main><p id="site-own">The site\\'s own render</p></main>';
            """;

    @TempDir
    Path tmp;

    @Test
    void theSitesPageCarriesTheTrackerAndAPersonalizedVisitorGetsTheVariantWithoutTheSitesBundle() throws Exception {
        HeadlessChromium.assumeInstalled();
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", ProxyModeInBrowserTest::site);
        upstream.start();
        Path site = copyExample(tmp.resolve("brightside"));
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", tmp.resolve("data").toString(),
                "TAILOR_PORT", "0", "TAILOR_HOST", "127.0.0.1", "ORIGINAL_REPO_PATH", site.toString(),
                "TAILOR_UPSTREAM", "http://127.0.0.1:" + upstream.getAddress().getPort())), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.desktop()) {
            JavascriptExecutor js = (JavascriptExecutor) browser.driver;
            WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(20));

            // a new visitor: the site's own page and bundle, and the tracker reporting to /_tailor/api/track
            browser.driver.get(app.baseUrl() + "/");
            wait.until(d -> !d.findElements(By.id("site-own")).isEmpty());
            assertThat(browser.driver.getTitle()).isEqualTo("Brightside — served by the site itself");
            Cookie vid = browser.driver.manage().getCookieNamed(VisitorCookies.NAME);
            assertThat(vid).as("Tailor's visitor cookie, set on the site's page").isNotNull();
            String visitor = app.components().cookies().verify(vid.getValue()).orElseThrow();
            wait.until(d -> profileStatus(app, visitor) == 200);

            // bea has a live variant: her page is the site's, with the variant's bundle in place of the site's
            postReaderEvents(app, "bea");
            awaitLive(app, "bea");
            browser.driver.manage().addCookie(new Cookie(VisitorCookies.NAME, app.components().cookies().sign("bea"), "/"));
            browser.driver.get(app.baseUrl() + "/");
            wait.until(d -> !d.findElements(By.cssSelector("[data-section='brew_guides']")).isEmpty());
            assertThat(js.executeScript("return window.siteBundleRan === true")).as("the site's bundle never ran").isEqualTo(false);
            assertThat(browser.driver.findElements(By.id("site-own"))).isEmpty();
            assertThat(browser.driver.getTitle()).isEqualTo("Brightside — served by the site itself");
            assertThat(js.executeScript("return document.querySelector('meta[name=description]').content"))
                    .isEqualTo("The real Brightside site");
            assertThat(js.executeScript("return document.querySelector('main').className")).asString().contains("content-rich");
        } finally {
            upstream.stop(0);
        }
    }

    private static void site(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] body;
        if (path.equals("/")) {
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            body = PAGE.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
        } else if (path.equals("/assets/site.js")) {
            ex.getResponseHeaders().add("Content-Type", "text/javascript");
            body = SITE_JS.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
        } else {
            body = "not found".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(404, body.length);
        }
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Path copyExample(Path target) throws IOException {
        Path source = Path.of("examples", "brightside-coffee");
        return GitCli.commitCopy(source, target, "Brightside Coffee landing page");
    }

    private static int profileStatus(TailorApp app, String visitor) {
        try {
            return get(app, "/_tailor/api/profile/" + visitor).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpResponse<String> get(TailorApp app, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void postReaderEvents(TailorApp app, String user) throws Exception {
        for (int s = 0; s < 3; s++) {
            String session = user + "-session-" + s;
            String body = JSON.writeValueAsString(Map.of("events", List.of(
                    Map.of("event", "page_view", "page", "landing", "user_id", user, "session_id", session, "device", "desktop"),
                    Map.of("event", "section_dwell", "section", "brew_guides", "time_spent", 120, "scroll_depth", 90,
                            "user_id", user, "session_id", session, "device", "desktop"),
                    Map.of("event", "section_dwell", "section", "story_of_origin", "time_spent", 60, "scroll_depth", 95,
                            "user_id", user, "session_id", session, "device", "desktop"))));
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/_tailor/api/track"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        }
    }

    private static void awaitLive(TailorApp app, String user) throws Exception {
        OptimizeApi.awaitLive(app.baseUrl() + "/_tailor", user, null, Duration.ofSeconds(90));
    }
}
