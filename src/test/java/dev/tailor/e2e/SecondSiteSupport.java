package dev.tailor.e2e;

import static dev.tailor.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.TailorApp;
import dev.tailor.testing.GitCli;
import dev.tailor.testing.OptimizeApi;
import dev.tailor.visitor.VisitorCookies;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the second-site and stale-variant end-to-end tests share: a site in a git repo, HTTP, and git. */
final class SecondSiteSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SecondSiteSupport() {
    }

    /** Copies an example site into {@code target} and commits it there as a fresh git repository, named for the example. */
    static Path siteRepo(String example, Path target) throws IOException {
        return GitCli.commitCopy(Path.of("examples", example), target, "The " + example + " example site");
    }

    static boolean gitSucceeds(Path dir, String... args) {
        return GitCli.tryGit(dir, args).exitCode() == 0;
    }

    /**
     * A content explorer on the coffee site, as the tracker reports one: long reads of the brew
     * guides and the origin story (data-section names), over three sessions.
     */
    static void postReaderEvents(TailorApp app, String user) throws Exception {
        for (int s = 0; s < 3; s++) {
            String session = user + "-session-" + s;
            String body = JSON.writeValueAsString(Map.of("events", List.of(
                    Map.of("event", "page_view", "page", "landing", "user_id", user, "session_id", session, "device", "desktop"),
                    Map.of("event", "section_dwell", "section", "brew_guides", "time_spent", 120, "scroll_depth", 90,
                            "user_id", user, "session_id", session, "device", "desktop"),
                    Map.of("event", "section_dwell", "section", "story_of_origin", "time_spent", 60, "scroll_depth", 95,
                            "user_id", user, "session_id", session, "device", "desktop"))));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/track"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        }
    }

    /** Polls {@code GET /api/optimize?user_id=…} until the job is live (or failed), at most {@code timeout}. */
    static JsonNode awaitLive(TailorApp app, String user, Duration timeout) throws Exception {
        return awaitLive(app, user, null, timeout);
    }

    /** As {@link #awaitLive(TailorApp, String, Duration)}, for a job other than {@code previousJobId}. */
    static JsonNode awaitLive(TailorApp app, String user, String previousJobId, Duration timeout) throws Exception {
        return OptimizeApi.awaitLive(app.baseUrl(), user, previousJobId, timeout);
    }

    /** Polls {@code GET /api/optimize?user_id=…} until the job is live or failed, at most {@code timeout}. */
    static JsonNode awaitFinished(TailorApp app, String user, Duration timeout) throws Exception {
        return OptimizeApi.awaitFinished(app.baseUrl(), user, timeout);
    }

    /** The page a browser carrying {@code user}'s signed visitor cookie gets. */
    static HttpResponse<String> page(TailorApp app, String user) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/"))
                .header("Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign(user)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
