package dev.tailor.e2e;

import static dev.tailor.e2e.SecondSiteSupport.HTTP;
import static dev.tailor.e2e.SecondSiteSupport.JSON;
import static dev.tailor.e2e.SecondSiteSupport.awaitLive;
import static dev.tailor.e2e.SecondSiteSupport.page;
import static dev.tailor.e2e.SecondSiteSupport.siteRepo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/lantern-books, a site built its own way (its index.html and public/ files, the npm
 * package clsx installed by its lockfile, CSS, image and JSON imports), served and personalized
 * end to end. Its node_modules is where its team installed it (ORIGINAL_REPO_PATH), not in git.
 */
class LanternBooksTest {

    @TempDir
    Path tmp;

    @Test
    void aBookshopWithItsOwnBuildKeepsItsHeadAndPublicFilesAndIsPersonalized() throws Exception {
        Path site = siteRepo("lantern-books", Files.createDirectories(tmp.resolve("lantern")));
        assertThat(site.resolve("node_modules/clsx/package.json")).as("installed in the team's checkout").exists();
        assertThat(SecondSiteSupport.gitSucceeds(site, "ls-files", "--error-unmatch", "node_modules/clsx/package.json"))
                .as("but not committed: the site's .gitignore keeps node_modules out of git").isFalse();
        TailorConfig config = TailorConfig.from(Map.of("TAILOR_DATA_DIR", tmp.resolve("data").toString(), "TAILOR_PORT", "0",
                "ORIGINAL_REPO_PATH", site.toString()));
        try (TailorApp app = TailorApp.start(config, Clock.systemUTC())) {
            String originalId = app.components().originalArtifact().id();
            HttpResponse<String> original = page(app, "someone");
            assertThat(original.body()).contains("<html lang=\"en-GB\">",
                    "<meta name=\"description\" content=\"Lantern Books: new releases, staff picks and a monthly book club.\">",
                    "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/favicon.svg\">",
                    "<title>Lantern Books — an independent bookshop</title>",
                    "<script src=\"/opening-hours.js\" defer></script>", "/artifacts/" + originalId + "/app-")
                    .doesNotContain("/src/main.jsx");

            // public/ files at the site's own paths, byte for byte
            for (String file : List.of("favicon.svg", "robots.txt", "opening-hours.js")) {
                HttpResponse<byte[]> served = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/" + file)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(served.statusCode()).as(file).isEqualTo(200);
                assertThat(served.body()).isEqualTo(Files.readAllBytes(site.resolve("public").resolve(file)));
            }
            HttpResponse<String> favicon = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/favicon.svg")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(favicon.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("image/svg+xml"));
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/no-such.txt")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

            // clsx, the JSON data, the stylesheet and the image are in the build
            Path artifactDir = app.components().config().artifactsDir().resolve(originalId);
            String bundle = Files.readString(only(artifactDir, "app-", ".js"));
            assertThat(bundle).contains("The Salt Road", "staff-picks", "card--featured");
            assertThat(Files.readString(only(artifactDir, "app-", ".css"))).contains(".card--featured");
            try (Stream<Path> assets = Files.list(artifactDir.resolve("assets"))) {
                assertThat(assets.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("lantern-") && name.endsWith(".svg"));
            }

            postStaffPicksReader(app, "ruth");
            JsonNode live = awaitLive(app, "ruth", Duration.ofSeconds(90));
            String variantId = live.path("artifact").asText();
            assertThat(live.path("plan").path("order").toString()).startsWith("[\"Masthead\",\"StaffPicks\"");

            HttpResponse<String> ruths = page(app, "ruth");
            assertThat(ruths.headers().firstValue("X-Tailor-Variant")).hasValue(live.path("variant").asText());
            assertThat(ruths.body()).contains("/artifacts/" + variantId + "/app-", "<title>Lantern Books — an independent bookshop</title>",
                    "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/favicon.svg\">").doesNotContain(originalId);
            String variantBundle = Files.readString(only(app.components().config().artifactsDir().resolve(variantId), "app-", ".js"));
            assertThat(variantBundle).contains("The Salt Road", "card--featured");
        }
    }

    /** Long reads of the staff picks and the book club, over three sessions, as the tracker reports them. */
    private static void postStaffPicksReader(TailorApp app, String user) throws Exception {
        for (int s = 0; s < 3; s++) {
            String session = user + "-session-" + s;
            String body = JSON.writeValueAsString(Map.of("events", List.of(
                    Map.of("event", "page_view", "page", "home", "user_id", user, "session_id", session, "device", "desktop"),
                    Map.of("event", "section_dwell", "section", "staff_picks", "time_spent", 120, "scroll_depth", 90,
                            "user_id", user, "session_id", session, "device", "desktop"),
                    Map.of("event", "section_dwell", "section", "book_club", "time_spent", 60, "scroll_depth", 95,
                            "user_id", user, "session_id", session, "device", "desktop"))));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/track"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        }
    }

    private static Path only(Path dir, String prefix, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(suffix))
                    .findFirst().orElseThrow();
        }
    }
}
