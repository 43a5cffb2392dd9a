package dev.tailor.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.track.RunningTailor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tailor's own paths under one prefix ({@code /_tailor}, or {@code TAILOR_PATH_PREFIX}); when Tailor owns
 * the whole origin (no {@code TAILOR_UPSTREAM}) the old paths answer exactly the same, and the pages it
 * builds keep referencing them.
 */
class PathPrefixTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static TailorApp app;

    @BeforeAll
    static void start() throws Exception {
        app = RunningTailor.start(dir, Map.of("TAILOR_PATH_PREFIX", "/_t/x"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRouteAnswersUnderThePrefixAndAtItsOldPath() throws Exception {
        String event = "{\"event\":\"page_view\",\"page\":\"home\",\"user_id\":\"pia\",\"session_id\":\"s1\"}";
        assertThat(send("POST", "/_t/x/api/track", event).statusCode()).isBetween(200, 299);
        assertThat(send("POST", "/api/track", event.replace("s1", "s2")).statusCode()).isBetween(200, 299);
        String id = app.components().originalArtifact().id();
        for (String[] pair : new String[][] {{"/healthz", "/_t/x/healthz"}, {"/tailor/tracker.js", "/_t/x/tracker.js"},
                {"/dashboard", "/_t/x/dashboard"}, {"/api/profile/pia", "/_t/x/api/profile/pia"},
                {"/artifacts/" + id + "/index.html", "/_t/x/artifacts/" + id + "/index.html"}}) {
            HttpResponse<String> old = send("GET", pair[0], null);
            HttpResponse<String> prefixed = send("GET", pair[1], null);
            assertThat(prefixed.statusCode()).as(pair[1]).isEqualTo(200).isEqualTo(old.statusCode());
            if (!pair[0].equals("/healthz") && !pair[0].startsWith("/api/profile")) { // those carry the time
                assertThat(prefixed.body()).as(pair[1]).isEqualTo(old.body());
            }
        }
        assertThat(send("GET", "/_t/x/api/metrics", null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/_t/x/api/users/pia", null).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownPathUnderThePrefixIsNotFoundRatherThanThePage() throws Exception {
        HttpResponse<String> missing = send("GET", "/_t/x/nothing-here", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-Tailor-Variant")).isEmpty();
    }

    @Test
    void pagesBuiltWhenTailorOwnsTheOriginKeepTheOldPaths() throws Exception {
        String page = send("GET", "/", null).body();
        assertThat(page).contains("<script src=\"/tailor/tracker.js\" defer></script>")
                .contains("src=\"/artifacts/" + app.components().originalArtifact().id() + "/");
    }

    @Test
    void aBadPrefixOrUpstreamFailsAtStartNamingTheSetting() {
        Assertions.assertThatThrownBy(() -> TailorApp.origin(TailorConfig.from(RunningTailor.settings(dir,
                        Map.of("TAILOR_PATH_PREFIX", "_tailor/")))))
                .hasMessageContaining("TAILOR_PATH_PREFIX=_tailor/ is not valid").hasMessageContaining("/_tailor");
        Assertions.assertThatThrownBy(() -> TailorApp.origin(TailorConfig.from(RunningTailor.settings(dir,
                        Map.of("TAILOR_UPSTREAM", "www.example.com")))))
                .hasMessageContaining("TAILOR_UPSTREAM=www.example.com is not valid");
        Assertions.assertThatThrownBy(() -> TailorApp.origin(TailorConfig.from(RunningTailor.settings(dir,
                        Map.of("TAILOR_UPSTREAM", "http://127.0.0.1:8080", "TAILOR_UPSTREAM_TIMEOUT", "0s")))))
                .hasMessageContaining("TAILOR_UPSTREAM_TIMEOUT");
        Assertions.assertThatThrownBy(() -> TailorApp.origin(TailorConfig.from(RunningTailor.settings(dir,
                        Map.of("TAILOR_CONSENT", "maybe")))))
                .hasMessageContaining("TAILOR_CONSENT=maybe is not valid").hasMessageContaining("required");
    }

    @Test
    void theConsentEndpointSaysWhatItTakes() throws Exception {
        HttpResponse<String> bad = send("POST", "/_t/x/api/consent", "{\"consent\":\"sure\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"consent\"").contains("{\\\"consent\\\": true}");
        HttpResponse<String> fromAForm = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/_t/x/api/consent"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"consent\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fromAForm.statusCode()).as("another site's plain form cannot consent for the visitor").isEqualTo(400);
        assertThat(fromAForm.headers().allValues("Set-Cookie")).isEmpty();
        HttpResponse<String> given = send("POST", "/api/consent", "{\"consent\":true}");
        assertThat(given.statusCode()).isEqualTo(200);
        assertThat(given.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("tailor_consent=yes"))
                .anySatisfy(c -> assertThat(c).startsWith("tailor_vid=").contains("HttpOnly"));
    }
}
