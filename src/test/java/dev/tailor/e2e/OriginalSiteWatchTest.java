package dev.tailor.e2e;

import static dev.tailor.e2e.SecondSiteSupport.HTTP;
import static dev.tailor.e2e.SecondSiteSupport.JSON;
import static dev.tailor.e2e.SecondSiteSupport.awaitLive;
import static dev.tailor.e2e.SecondSiteSupport.page;
import static dev.tailor.e2e.SecondSiteSupport.postReaderEvents;
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
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site owner commits while Tailor runs. Within the poll the new commit is built and served,
 * the variant of the old commit is stale, and the visitor's next events make a variant on the new
 * base; a commit that does not build is refused, said so on /healthz, and the site keeps serving.
 */
class OriginalSiteWatchTest {

    private static final String OLD_KICKER = "Small-batch · Roasted in Portland, Maine";
    private static final String NEW_KICKER = "Small-batch · Now roasting in Bangor, Maine";

    @TempDir
    Path tmp;

    @Test
    void aNewCommitIsServedWithoutARestartAndABrokenOneIsRefused() throws Exception {
        Path site = siteRepo("brightside-coffee", Files.createDirectories(tmp.resolve("brightside")));
        String oldBase = git(site, "rev-parse", "HEAD");
        TailorConfig config = TailorConfig.from(Map.of("TAILOR_DATA_DIR", tmp.resolve("data").toString(),
                "TAILOR_PORT", "0", "ORIGINAL_REPO_PATH", site.toString(), "TAILOR_ORIGINAL_POLL", "1s"));
        try (TailorApp app = TailorApp.start(config, Clock.systemUTC())) {
            postReaderEvents(app, "bea");
            JsonNode live = awaitLive(app, "bea", Duration.ofSeconds(90));
            String oldCommit = live.path("commit").asText();
            String oldArtifact = live.path("artifact").asText();
            String oldOriginal = health(app).path("original_artifact").asText();
            assertThat(health(app).path("base_commit").asText()).isEqualTo(oldBase);

            // the owner changes a line of the promo and commits, while Tailor runs
            Path promo = site.resolve("src/sections/Promo.jsx");
            String promoSource = Files.readString(promo);
            Files.writeString(promo, promoSource.replace(OLD_KICKER, NEW_KICKER));
            git(site, "commit", "-q", "-am", "Promo: we moved the roastery");
            String newBase = git(site, "rev-parse", "HEAD");

            JsonNode moved = awaitHealth(app, h -> h.path("base_commit").asText().equals(newBase));
            String newOriginal = moved.path("original_artifact").asText();
            assertThat(newOriginal).isNotEqualTo(oldOriginal);
            String originalBundle = Files.readString(SecondSiteTest.firstJs(config.artifactsDir().resolve(newOriginal)));
            assertThat(originalBundle.contains("Now roasting in Bangor")).as("the served original is the new commit").isTrue();
            assertThat(app.components().repo().baseCommit()).isEqualTo(newBase);
            Path repo = app.components().repo().root();
            assertThat(git(repo, "log", "-1", "--format=%s")).isEqualTo("Update original website to " + newBase.substring(0, 7));
            assertThat(app.components().catalog().currentBase()).isEqualTo(newBase);
            assertThat(app.components().catalog().stale()).extracting(v -> v.commit()).containsExactly(oldCommit);

            // bea's variant is of the old commit: she gets the new original until hers is remade
            HttpResponse<String> stale = page(app, "bea");
            assertThat(stale.headers().firstValue("X-Tailor-Variant")).hasValue("original");
            assertThat(stale.body()).contains(newOriginal).doesNotContain(oldArtifact);

            // her next events are judged on the new base: a fresh variant, nothing reused of the old commit
            postReaderEvents(app, "bea");
            JsonNode fresh = awaitLive(app, "bea", live.path("job_id").asText(), Duration.ofSeconds(90));
            assertThat(fresh.path("reused_existing_variant").asBoolean()).isFalse();
            String newCommit = fresh.path("commit").asText();
            String newArtifact = fresh.path("artifact").asText();
            assertThat(newArtifact).isNotEqualTo(oldArtifact);
            assertThat(JSON.readTree(git(repo, "show", newCommit + ":variants/content-rich/deployment.json"))
                    .path("base_commit").asText()).isEqualTo(newBase);
            assertThat(git(repo, "ls-tree", newCommit, "original-website")).startsWith("160000 commit " + newBase);
            String variantBundle = Files.readString(SecondSiteTest.firstJs(config.artifactsDir().resolve(newArtifact)));
            assertThat(variantBundle.contains("Now roasting in Bangor")).as("the fresh variant carries the change").isTrue();
            HttpResponse<String> served = page(app, "bea");
            assertThat(served.headers().firstValue("X-Tailor-Variant")).hasValue("content_rich");
            assertThat(served.body()).contains(newArtifact);

            // a commit that does not compile is refused; the site keeps serving the last good one
            Files.writeString(promo, promoSource.replace("export default", "export default (((("));
            git(site, "commit", "-q", "-am", "Promo: half-finished edit");
            String broken = git(site, "rev-parse", "HEAD");
            JsonNode refused = awaitHealth(app, h -> h.path("original_refused").path("commit").asText().equals(broken));
            assertThat(refused.path("original_refused").path("reason").asText()).isNotBlank();
            assertThat(refused.path("base_commit").asText()).isEqualTo(newBase);
            assertThat(refused.path("original_artifact").asText()).isEqualTo(newOriginal);
            assertThat(app.components().catalog().stale()).extracting(v -> v.commit()).containsExactly(oldCommit);
            assertThat(git(repo, "log", "-1", "--format=%s")).doesNotContain(broken.substring(0, 7));
            HttpResponse<String> stillServing = page(app, "someone-new");
            assertThat(stillServing.statusCode()).isEqualTo(200);
            assertThat(stillServing.body()).contains(newOriginal);
            assertThat(page(app, "bea").body()).contains(newArtifact);

            // the promo is fixed but tailor.json names a page that is not there: refused too, with the field
            Files.writeString(promo, promoSource);
            Path contract = site.resolve("tailor.json");
            Files.writeString(contract, Files.readString(contract).replace("src/pages/Landing.jsx", "src/pages/Home.jsx"));
            git(site, "commit", "-q", "-am", "Rename the landing page (tailor.json only)");
            String badContract = git(site, "rev-parse", "HEAD");
            JsonNode refusedContract = awaitHealth(app, h -> h.path("original_refused").path("commit").asText().equals(badContract));
            assertThat(refusedContract.path("original_refused").path("reason").asText()).contains("src/pages/Home.jsx");
            assertThat(refusedContract.path("base_commit").asText()).isEqualTo(newBase);
            assertThat(page(app, "someone-new").body()).contains(newOriginal);
        }
    }

    private static JsonNode awaitHealth(TailorApp app, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = health(app);
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("/healthz never showed the expected original; last: " + last);
    }

    private static JsonNode health(TailorApp app) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
