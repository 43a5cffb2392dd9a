package dev.tailor.e2e;

import static dev.tailor.e2e.SecondSiteSupport.HTTP;
import static dev.tailor.e2e.SecondSiteSupport.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.testing.GitCli;
import dev.tailor.testing.OptimizeApi;
import dev.tailor.visitor.VisitorCookies;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
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

/**
 * Proxy mode with several personalizable pages (examples/tidewater-tea: / and /pricing): the upstream serves
 * each page's HTML itself, and a visitor whose plan rewrote both pages gets the variant's bundle in place of
 * the site's own on each of them, the site's head kept; a visitor without a variant gets the site's pages
 * with only the tracker.
 */
class ProxyModeSeveralPagesTest {

    /** The tea shop's own page for any path, as its server sends it: the client-side router picks the page. */
    static String sitePage(String path) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Tidewater Tea — %s</title>
                  <meta name="description" content="Loose-leaf tea, shipped fresh.">
                </head>
                <body>
                  <div id="root"></div>
                  <script type="module" src="/assets/tea.js" data-tailor-entry></script>
                </body>
                </html>
                """.formatted(path);
    }

    @TempDir
    Path dir;

    @Test
    void aPersonalizedVisitorGetsTheVariantInsideTheSitesOwnPageOnEveryPersonalizablePage() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", ProxyModeSeveralPagesTest::site);
        upstream.start();
        Path site = GitCli.commitCopy(Path.of("examples", "tidewater-tea"), dir.resolve("tea"), "Tidewater Tea");
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dir.resolve("data").toString(),
                "TAILOR_PORT", "0", "TAILOR_HOST", "127.0.0.1", "ORIGINAL_REPO_PATH", site.toString(),
                "TAILOR_UPSTREAM", "http://127.0.0.1:" + upstream.getAddress().getPort(),
                "TAILOR_ROLLOUT_STAGES", "100", "TAILOR_HOLDOUT", "0")), Clock.systemUTC())) {
            postReviewReader(app, "nora");
            JsonNode live = awaitLive(app, "nora");
            assertThat(live.path("plan").path("other_pages").has("/pricing")).as(live.toPrettyString()).isTrue();
            String variantBundle = "/_tailor/artifacts/" + live.path("artifact").asText() + "/";

            for (String path : List.of("/", "/pricing")) {
                HttpResponse<String> noras = page(app, path, "nora");
                assertThat(noras.statusCode()).as(path).isEqualTo(200);
                assertThat(noras.headers().firstValue("X-Tailor-Variant")).as(path).hasValue(live.path("variant").asText());
                assertThat(noras.body()).as(path).contains("<title>Tidewater Tea — " + path + "</title>")
                        .contains("Loose-leaf tea, shipped fresh.").contains(variantBundle).doesNotContain("/assets/tea.js");

                HttpResponse<String> someone = page(app, path, "someone-else");
                assertThat(someone.headers().firstValue("X-Tailor-Variant")).as(path).hasValue("original");
                assertThat(someone.body()).as(path).contains("/assets/tea.js").contains("/_tailor/tracker.js")
                        .doesNotContain("/_tailor/artifacts/");
            }
        } finally {
            upstream.stop(0);
        }
    }

    private static void site(HttpExchange ex) throws IOException {
        byte[] body = sitePage(ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static HttpResponse<String> page(TailorApp app, String path, String visitor) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).header("Accept", "text/html")
                .header("Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign(visitor)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Through the prefixed {@code /_tailor/api/optimize}: in proxy mode {@code /api/…} is the site's. */
    private static JsonNode awaitLive(TailorApp app, String user) throws Exception {
        return OptimizeApi.awaitLive(app.baseUrl() + "/_tailor", user, null, Duration.ofSeconds(90));
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
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/_tailor/api/track"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        }
    }
}
