package dev.tailor.e2e;

import static dev.tailor.e2e.SecondSiteSupport.HTTP;
import static dev.tailor.e2e.SecondSiteSupport.JSON;
import static dev.tailor.e2e.SecondSiteSupport.awaitLive;
import static dev.tailor.e2e.SecondSiteSupport.siteRepo;
import static dev.tailor.testing.GitCli.git;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/kestrel-outfitters with a Layout that drops the className it is given: Tailor still personalizes
 * the store, but its price-sensitive plan carries no layout class (the wrapper would lose it).
 */
class LayoutThatDropsClassNameTest {

    @TempDir
    Path tmp;

    @Test
    void theStoresPlanGetsNoLayoutClassWhenItsLayoutDropsIt() throws Exception {
        Path site = siteRepo("kestrel-outfitters", Files.createDirectories(tmp.resolve("kestrel")));
        Path layout = site.resolve("src/Layout.jsx");
        String original = Files.readString(layout);
        String dropping = original.replace("className={className ? \"store \" + className : \"store\"}", "className=\"store\"");
        assertThat(dropping).isNotEqualTo(original);
        Files.writeString(layout, dropping);
        git(site, "commit", "-q", "-am", "Layout: a fixed class");

        TailorConfig config = TailorConfig.from(Map.of("TAILOR_DATA_DIR", tmp.resolve("data").toString(), "TAILOR_PORT", "0",
                "ORIGINAL_REPO_PATH", site.toString()));
        try (TailorApp app = TailorApp.start(config, Clock.systemUTC())) {
            postPricingReads(app, "pia");
            JsonNode live = awaitLive(app, "pia", Duration.ofSeconds(90));

            assertThat(live.path("variant").asText()).isEqualTo("pricing_first");
            assertThat(live.path("plan").toString()).as("the plan").doesNotContain("pricing-first");
            Path repo = app.components().repo().root();
            String commit = live.path("commit").asText();
            String page = git(repo, "ls-tree", "-r", "--name-only", commit, "variants").lines()
                    .filter(f -> f.endsWith("StorePage.jsx")).findFirst().orElseThrow();
            String variant = git(repo, "show", commit + ":" + page);
            assertThat(variant).contains("<Layout").doesNotContain("pricing-first");
            assertThat(variant.indexOf("<PricingTable")).isLessThan(variant.indexOf("<Hero"));
        }
    }

    private static void postPricingReads(TailorApp app, String user) throws Exception {
        for (int s = 0; s < 3; s++) {
            String session = user + "-session-" + s;
            String body = JSON.writeValueAsString(Map.of("events", List.of(
                    Map.of("event", "page_view", "page", "store", "user_id", user, "session_id", session, "device", "desktop"),
                    Map.of("event", "section_dwell", "section", "pricing", "time_spent", 120, "scroll_depth", 90,
                            "user_id", user, "session_id", session, "device", "desktop"))));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/track"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        }
    }
}
