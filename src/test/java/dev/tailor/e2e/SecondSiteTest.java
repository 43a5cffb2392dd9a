package dev.tailor.e2e;

import static dev.tailor.e2e.SecondSiteSupport.JSON;
import static dev.tailor.e2e.SecondSiteSupport.awaitLive;
import static dev.tailor.testing.GitCli.git;
import static dev.tailor.e2e.SecondSiteSupport.gitSucceeds;
import static dev.tailor.e2e.SecondSiteSupport.page;
import static dev.tailor.e2e.SecondSiteSupport.postReaderEvents;
import static dev.tailor.e2e.SecondSiteSupport.siteRepo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tailor personalizes the second example site — an arrow-function {@code Landing} page under
 * {@code src/pages/} with its own sections and topics — by its tailor.json alone: events in over
 * HTTP, a variant committed to git, built, and served to that visitor only.
 */
class SecondSiteTest {

    @TempDir
    Path tmp;

    @Test
    void aCoffeeReaderGetsTheBrewGuidesFirstAndEveryoneElseTheOriginal() throws Exception {
        Path site = siteRepo("brightside-coffee", Files.createDirectories(tmp.resolve("brightside")));
        Path data = tmp.resolve("data");
        TailorConfig config = TailorConfig.from(Map.of("TAILOR_DATA_DIR", data.toString(), "TAILOR_PORT", "0",
                "ORIGINAL_REPO_PATH", site.toString()));
        try (TailorApp app = TailorApp.start(config, Clock.systemUTC())) {
            postReaderEvents(app, "bea");
            JsonNode live = awaitLive(app, "bea", Duration.ofSeconds(90));

            assertThat(live.path("variant").asText()).isEqualTo("content_rich");
            assertThat(live.path("plan").path("order").toString())
                    .startsWith("[\"Header\",\"BrewGuides\",\"StoryOfOrigin\",\"Promo\"");
            String commit = live.path("commit").asText();
            String artifact = live.path("artifact").asText();

            // the variant is a commit in the deployment repository, readable with plain git
            Path repo = app.components().repo().root();
            assertThat(gitSucceeds(repo, "cat-file", "-e", commit + ":variants/content-rich/Landing.jsx")).isTrue();
            String variant = git(repo, "show", commit + ":variants/content-rich/Landing.jsx");
            assertThat(variant).contains("const Landing = () =>").contains("content-rich");
            assertThat(variant.indexOf("<BrewGuides")).isLessThan(variant.indexOf("<Promo"));
            assertThat(git(repo, "log", "-1", "--format=%s", commit)).startsWith("Variant content_rich (");
            assertThat(git(repo, "ls-tree", commit, "original-website")).startsWith("160000 commit "
                    + git(site, "rev-parse", "HEAD"));

            // deployment.json says how it was made
            JsonNode deployment = JSON.readTree(git(repo, "show", commit + ":variants/content-rich/deployment.json"));
            assertThat(deployment.path("plan").path("order").get(1).asText()).isEqualTo("BrewGuides");
            assertThat(deployment.path("reasons").toString()).contains("the site maps content_explorer to content");
            assertThat(deployment.path("generator").asText()).isEqualTo("local");
            assertThat(deployment.path("model").asText()).isNotBlank();
            assertThat(deployment.path("tokens").has("prompt")).isTrue();
            assertThat(deployment.path("tokens").has("completion")).isTrue();
            assertThat(deployment.has("cost_usd")).isTrue();
            assertThat(deployment.path("validation_findings").isArray()).isTrue();
            assertThat(deployment.path("base_commit").asText()).isEqualTo(git(site, "rev-parse", "HEAD"));
            assertThat(deployment.path("timings").has("generation_ms")).isTrue();
            assertThat(deployment.path("timings").has("validation_ms")).isTrue();
            assertThat(deployment.path("site").asText()).isEqualTo("brightside-coffee");

            // bea's browser gets the variant; another visitor gets the original
            HttpResponse<String> beas = page(app, "bea");
            assertThat(beas.statusCode()).isEqualTo(200);
            assertThat(beas.headers().firstValue("X-Tailor-Variant")).hasValue("content_rich");
            assertThat(beas.body()).contains(artifact).doesNotContain(app.components().originalArtifact().id());

            HttpResponse<String> other = page(app, "someone-else");
            assertThat(other.headers().firstValue("X-Tailor-Variant")).hasValue("original");
            assertThat(other.body()).contains(app.components().originalArtifact().id()).doesNotContain(artifact);

            // the variant's bundle holds the reordered page; the original's does not
            String bundle = Files.readString(firstJs(app.components().config().artifactsDir().resolve(artifact)));
            assertThat(bundle.contains("content-rich")).as("the variant's bundle has the layout class").isTrue();
        }
    }

    static Path firstJs(Path artifactDir) throws Exception {
        try (var files = Files.walk(artifactDir)) {
            return files.filter(p -> p.toString().endsWith(".js")).findFirst().orElseThrow();
        }
    }
}
