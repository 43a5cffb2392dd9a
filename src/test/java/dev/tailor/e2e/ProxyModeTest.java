package dev.tailor.e2e;

import static dev.tailor.e2e.SecondSiteSupport.JSON;
import static dev.tailor.e2e.SecondSiteSupport.siteRepo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tailor.testing.OptimizeApi;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.visitor.VisitorCookies;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxy mode over real HTTP: Tailor ({@code TAILOR_UPSTREAM}) in front of a second, independent
 * site on loopback that has its own {@code /api}, its own {@code /dashboard}, cookies, redirects,
 * binary files and a streamed answer. What Tailor does not personalize passes through byte for
 * byte; pages keep the site's head and get the tracker, a personalized visitor's page gets the
 * variant's bundle in place of the site's own, and a dead or slow upstream gets a clear answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyModeTest {

    /** The site's page: its own head (meta, favicon, a third-party script) and its own bundle, marked. */
    static final String SITE_PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Brightside Coffee — the real site</title>
              <meta name="description" content="Fresh single-origin coffee, roasted to order.">
              <meta property="og:image" content="/og.png">
              <link rel="icon" href="/favicon.ico">
              <script async src="https://analytics.example.org/a.js"></script>
            </head>
            <body>
              <div id="root"><p>Server-rendered Brightside</p></div>
              <script src="/assets/site.js" data-tailor-entry></script>
            </body>
            </html>
            """;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final byte[] FAVICON = new byte[150_000];

    @TempDir
    static Path tmp;
    static HttpServer upstream;
    static String upstreamUrl;
    static TailorApp app;
    static final CountDownLatch firstChunkRead = new CountDownLatch(1);

    @BeforeAll
    static void start() throws Exception {
        new Random(7).nextBytes(FAVICON);
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(Executors.newFixedThreadPool(8));
        upstream.createContext("/", ProxyModeTest::site);
        upstream.start();
        upstreamUrl = "http://127.0.0.1:" + upstream.getAddress().getPort();

        Path site = siteRepo("brightside-coffee", Files.createDirectories(tmp.resolve("brightside")));
        app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", tmp.resolve("data").toString(),
                "TAILOR_PORT", "0", "TAILOR_HOST", "127.0.0.1", "ORIGINAL_REPO_PATH", site.toString(),
                "TAILOR_UPSTREAM", upstreamUrl, "TAILOR_UPSTREAM_TIMEOUT", "2s")), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        upstream.stop(0);
    }

    /** The upstream site: a tiny app, unaware of Tailor. */
    static void site(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] body;
        switch (path) {
            case "/" -> {
                ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                ex.getResponseHeaders().add("ETag", "\"site-v1\"");
                ex.getResponseHeaders().add("Set-Cookie", "site_session=s1; Path=/; HttpOnly");
                body = SITE_PAGE.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
            }
            case "/api/hello" -> {
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.getResponseHeaders().add("X-Site", "brightside");
                body = ("{\"hello\":\"from the site's own api\",\"query\":\"" + ex.getRequestURI().getRawQuery() + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
            }
            case "/api/echo" -> {
                byte[] in = ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().add("Content-Type", "text/plain");
                ex.getResponseHeaders().add("Set-Cookie", "cart=3; Path=/");
                ex.getResponseHeaders().add("Set-Cookie", "seen=yes; Path=/");
                body = (ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("X-Custom") + " cookie="
                        + ex.getRequestHeaders().getFirst("Cookie") + " body=" + new String(in, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(201, body.length);
            }
            case "/dashboard" -> {
                ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                body = "<!doctype html><html><head><title>The site's own dashboard</title></head><body>orders</body></html>"
                        .getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
            }
            case "/favicon.ico" -> {
                ex.getResponseHeaders().add("Content-Type", "image/x-icon");
                body = FAVICON;
                ex.sendResponseHeaders(200, body.length);
            }
            case "/old-menu" -> {
                ex.getResponseHeaders().add("Location", upstreamUrl + "/menu?from=old");
                body = new byte[0];
                ex.sendResponseHeaders(301, -1);
            }
            case "/stream" -> {
                ex.getResponseHeaders().add("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, 0); // chunked
                try (OutputStream out = ex.getResponseBody()) {
                    out.write("first\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    // the rest only once the client has the first chunk: a proxy that buffers never gets there
                    boolean read = firstChunkRead.await(10, TimeUnit.SECONDS);
                    out.write((read ? "second\n" : "timed out\n").getBytes(StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            case "/slow" -> {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                body = "too late".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
            }
            default -> {
                ex.getResponseHeaders().add("Content-Type", "text/plain");
                body = ("the site has no " + path).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(404, body.length);
            }
        }
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static HttpResponse<byte[]> send(String base, String method, String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> browse(String path, String... cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").header("Sec-Fetch-Dest", "document");
        if (cookie.length > 0) {
            request.header("Cookie", cookie[0]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void whatTailorDoesNotPersonalizePassesThroughByteForByte() throws Exception {
        for (String path : List.of("/api/hello?x=1&y=%C3%A9", "/dashboard", "/favicon.ico", "/api/track", "/no/such/page.txt")) {
            HttpResponse<byte[]> direct = send(upstreamUrl, "GET", path, null);
            HttpResponse<byte[]> proxied = send(app.baseUrl(), "GET", path, null);
            assertThat(proxied.statusCode()).as(path).isEqualTo(direct.statusCode());
            assertThat(proxied.body()).as(path).isEqualTo(direct.body());
            // the same media type and charset; Jetty writes a charset without the space ("text/html;charset=utf-8")
            assertThat(proxied.headers().firstValue("Content-Type").map(t -> t.replace("; ", ";"))).as(path)
                    .isEqualTo(direct.headers().firstValue("Content-Type").map(t -> t.replace("; ", ";")));
        }
        assertThat(send(app.baseUrl(), "GET", "/api/hello", null).headers().firstValue("X-Site")).hasValue("brightside");
        assertThat(new String(send(app.baseUrl(), "GET", "/dashboard", null).body(), StandardCharsets.UTF_8))
                .contains("The site's own dashboard");
    }

    @Test
    @Order(2)
    void methodsBodiesHeadersAndCookiesReachTheSiteAndComeBack() throws Exception {
        byte[] body = "{\"qty\":3,\"note\":\"ünïcode\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> put = send(app.baseUrl(), "PUT", "/api/echo", body, "X-Custom", "kept",
                "Cookie", "site_session=s1", "Content-Type", "application/json");
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(new String(put.body(), StandardCharsets.UTF_8))
                .isEqualTo("PUT kept cookie=site_session=s1 body={\"qty\":3,\"note\":\"ünïcode\"}");
        assertThat(put.headers().allValues("Set-Cookie")).containsExactly("cart=3; Path=/", "seen=yes; Path=/");

        HttpResponse<byte[]> redirect = send(app.baseUrl(), "GET", "/old-menu", null);
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location")).as("a redirect to the site's origin stays on Tailor's")
                .hasValue("/menu?from=old");
    }

    @Test
    @Order(3)
    void aStreamedAnswerIsStreamed() throws Exception {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            byte[] first = in.readNBytes(6);
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("first\n");
            firstChunkRead.countDown();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second\n");
        }
    }

    @Test
    @Order(4)
    void tailorsOwnPathsAreUnderThePrefix() throws Exception {
        assertThat(send(app.baseUrl(), "GET", "/_tailor/healthz", null).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> tracker = send(app.baseUrl(), "GET", "/_tailor/tracker.js", null);
        assertThat(tracker.statusCode()).isEqualTo(200);
        assertThat(new String(tracker.body(), StandardCharsets.UTF_8)).contains("data-endpoint");
        assertThat(new String(send(app.baseUrl(), "GET", "/_tailor/dashboard", null).body(), StandardCharsets.UTF_8))
                .contains("Rollouts and measured impact");
        // the old places belong to the site now
        assertThat(send(app.baseUrl(), "GET", "/tailor/tracker.js", null).statusCode()).isEqualTo(404);
        assertThat(new String(send(app.baseUrl(), "GET", "/tailor/tracker.js", null).body(), StandardCharsets.UTF_8))
                .isEqualTo("the site has no /tailor/tracker.js");
    }

    @Test
    @Order(5)
    void aNewVisitorGetsTheSitesOwnPageWithOnlyTheTracker() throws Exception {
        HttpResponse<String> page = browse("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("X-Tailor-Variant")).hasValue("original");
        assertThat(page.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("site_session=s1"))
                .anySatisfy(c -> assertThat(c).startsWith(VisitorCookies.NAME + "=").contains("HttpOnly"));
        assertThat(page.headers().firstValue("ETag")).as("the body changed").isEmpty();
        String tracker = "<script src=\"/_tailor/tracker.js\" data-endpoint=\"/_tailor/api/track\" defer></script>\n";
        assertThat(page.body()).isEqualTo(SITE_PAGE.replace("</head>", tracker + "</head>"));
    }

    @Test
    @Order(6)
    void aPersonalizedVisitorGetsTheVariantInsideTheSitesOwnPage() throws Exception {
        postReaderEvents("bea");
        JsonNode live = awaitLive("bea");
        String artifact = live.path("artifact").asText();

        HttpResponse<String> page = browse("/", VisitorCookies.NAME + "=" + app.components().cookies().sign("bea"));
        assertThat(page.headers().firstValue("X-Tailor-Variant")).hasValue("content_rich");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        String html = page.body();
        // the site's head is kept whole
        for (String line : SITE_PAGE.substring(SITE_PAGE.indexOf("<head>"), SITE_PAGE.indexOf("</head>")).split("\n")) {
            assertThat(html).contains(line);
        }
        assertThat(html).contains("<div id=\"root\"><p>Server-rendered Brightside</p></div>")
                .contains("/_tailor/tracker.js").doesNotContain("/assets/site.js");
        Matcher bundle = Pattern.compile("<script src=\"(/_tailor/artifacts/" + artifact + "/app-[^\"]+\\.js)\" defer></script>")
                .matcher(html);
        assertThat(bundle.find()).as(html).isTrue();
        assertThat(html.indexOf(bundle.group())).as("the bundle is where the site's own was, after the mount element")
                .isGreaterThan(html.indexOf("<div id=\"root\">"));
        HttpResponse<byte[]> js = send(app.baseUrl(), "GET", bundle.group(1), null);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));

        // the same visitor on a non-page request gets the site's bytes, untouched
        HttpResponse<byte[]> api = send(app.baseUrl(), "GET", "/api/hello", null,
                "Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign("bea"));
        assertThat(api.body()).isEqualTo(send(upstreamUrl, "GET", "/api/hello", null).body());
    }

    @Test
    @Order(7)
    void aSlowUpstreamIsAnsweredClearly() throws Exception {
        HttpResponse<byte[]> json = send(app.baseUrl(), "GET", "/slow", null, "Accept", "application/json");
        assertThat(json.statusCode()).isEqualTo(504);
        JsonNode error = JSON.readTree(json.body());
        assertThat(error.path("field").asText()).isEqualTo("TAILOR_UPSTREAM");
        assertThat(error.path("upstream").asText()).isEqualTo(upstreamUrl);
        assertThat(error.path("error").asText()).contains(upstreamUrl).contains("did not answer within 2 s");
    }

    @Test
    @Order(8)
    void aDeadUpstreamIsAnsweredWithAReadablePage() throws Exception {
        upstream.stop(0);
        HttpResponse<String> page = browse("/");
        assertThat(page.statusCode()).isEqualTo(502);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("The site is not answering").contains("TAILOR_UPSTREAM=" + upstreamUrl);
        // Tailor's own paths keep working
        assertThat(send(app.baseUrl(), "GET", "/_tailor/healthz", null).statusCode()).isEqualTo(200);
    }

    /** A content explorer, as the tracker reports one, posted where the tracker posts in proxy mode. */
    static void postReaderEvents(String user) throws Exception {
        for (int s = 0; s < 3; s++) {
            String session = user + "-session-" + s;
            String body = JSON.writeValueAsString(Map.of("events", List.of(
                    Map.of("event", "page_view", "page", "landing", "user_id", user, "session_id", session, "device", "desktop"),
                    Map.of("event", "section_dwell", "section", "brew_guides", "time_spent", 120, "scroll_depth", 90,
                            "user_id", user, "session_id", session, "device", "desktop"),
                    Map.of("event", "section_dwell", "section", "story_of_origin", "time_spent", 60, "scroll_depth", 95,
                            "user_id", user, "session_id", session, "device", "desktop"))));
            HttpResponse<byte[]> response = send(app.baseUrl(), "POST", "/_tailor/api/track",
                    body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
            assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isBetween(200, 299);
        }
    }

    static JsonNode awaitLive(String user) throws Exception {
        return OptimizeApi.awaitLive(app.baseUrl() + "/_tailor", user, null, Duration.ofSeconds(90));
    }
}
