package dev.tailor.e2e;

import static dev.tailor.e2e.SecondSiteSupport.JSON;
import static dev.tailor.e2e.SecondSiteSupport.awaitLive;
import static dev.tailor.testing.GitCli.git;
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
 * The site owner ships a change while a visitor has a variant. After Tailor restarts on the new
 * commit, the old variant would hide the owner's change from that visitor, so the visitor gets
 * the (rebuilt) original until the trigger has made a fresh variant on the new base, which then
 * carries both the owner's change and the visitor's layout.
 */
class StaleVariantTest {

    private static final String OLD_KICKER = "Small-batch · Roasted in Portland, Maine";
    private static final String NEW_KICKER = "Small-batch · Now roasting in Bangor, Maine";

    @TempDir
    Path tmp;

    @Test
    void aVariantOnAnOldBaseIsNotServedAndIsRegeneratedOnTheNewBase() throws Exception {
        Path site = siteRepo("brightside-coffee", Files.createDirectories(tmp.resolve("brightside")));
        Path data = tmp.resolve("data");
        String oldBase = git(site, "rev-parse", "HEAD");

        String oldJob;
        String oldCommit;
        String oldArtifact;
        String oldOriginal;
        try (TailorApp app = TailorApp.start(config(data, site), Clock.systemUTC())) {
            postReaderEvents(app, "bea");
            JsonNode live = awaitLive(app, "bea", Duration.ofSeconds(90));
            oldJob = live.path("job_id").asText();
            oldCommit = live.path("commit").asText();
            oldArtifact = live.path("artifact").asText();
            oldOriginal = app.components().originalArtifact().id();
            assertThat(page(app, "bea").headers().firstValue("X-Tailor-Variant")).hasValue("content_rich");
        }

        // the owner changes a line of the promo and commits
        Path promo = site.resolve("src/sections/Promo.jsx");
        Files.writeString(promo, Files.readString(promo).replace(OLD_KICKER, NEW_KICKER));
        git(site, "commit", "-q", "-am", "Promo: we moved the roastery");
        String newBase = git(site, "rev-parse", "HEAD");

        try (TailorApp app = TailorApp.start(config(data, site), Clock.systemUTC())) {
            // the deployment repository follows the original, and the original is rebuilt from it
            assertThat(app.components().repo().baseCommit()).isEqualTo(newBase);
            Path repo = app.components().repo().root();
            assertThat(git(repo, "log", "-1", "--format=%s")).isEqualTo("Update original website to " + newBase.substring(0, 7));
            assertThat(app.components().originalArtifact().id()).isNotEqualTo(oldOriginal);
            String originalBundle = Files.readString(SecondSiteTest.firstJs(
                    app.components().config().artifactsDir().resolve(app.components().originalArtifact().id())));
            assertThat(originalBundle.contains("Now roasting in Bangor")).as("the rebuilt original has the change").isTrue();
            assertThat(originalBundle.contains("Roasted in Portland")).isFalse();
            assertThat(app.components().catalog().stale()).extracting(v -> v.commit()).containsExactly(oldCommit);

            // bea keeps her assignment, but is served the new original, not the stale variant
            HttpResponse<String> stale = page(app, "bea");
            assertThat(stale.headers().firstValue("X-Tailor-Variant")).hasValue("original");
            assertThat(stale.body()).contains(app.components().originalArtifact().id()).doesNotContain(oldArtifact);
            assertThat(app.components().catalog().assignedVariant("bea")).isPresent();
            // the dashboard names the site and its base, and tells the stale row apart: matched, not served
            JsonNode metrics = metrics(app);
            assertThat(metrics.path("site").path("name").asText()).isEqualTo(app.components().site().name());
            assertThat(metrics.path("site").path("base_commit").asText()).isEqualTo(newBase.substring(0, 8));
            assertThat(metrics.path("visitors").path("matched").asInt()).isEqualTo(1);
            assertThat(metrics.path("visitors").path("served").asInt()).as("a stale variant serves no one").isZero();
            JsonNode staleRow = metrics.path("variants").get(0);
            assertThat(staleRow.path("base_commit").asText()).isEqualTo(oldBase.substring(0, 8));
            assertThat(staleRow.path("stale").asBoolean()).isTrue();
            assertThat(staleRow.path("users").asInt()).isEqualTo(1);
            assertThat(staleRow.path("served").asInt()).isZero();

            // the next time the trigger looks at her, it regenerates on the new base
            JsonNode fresh = awaitLive(app, "bea", oldJob, Duration.ofSeconds(90));
            assertThat(fresh.path("reused_existing_variant").asBoolean()).isFalse();
            String newCommit = fresh.path("commit").asText();
            String newArtifact = fresh.path("artifact").asText();
            assertThat(newCommit).isNotEqualTo(oldCommit);
            assertThat(newArtifact).isNotEqualTo(oldArtifact);
            JsonNode deployment = JSON.readTree(git(repo, "show", newCommit + ":variants/content-rich/deployment.json"));
            assertThat(deployment.path("base_commit").asText()).isEqualTo(newBase);
            assertThat(JSON.readTree(git(repo, "show", oldCommit + ":variants/content-rich/deployment.json"))
                    .path("base_commit").asText()).isEqualTo(oldBase);
            assertThat(git(repo, "ls-tree", newCommit, "original-website")).startsWith("160000 commit " + newBase);

            HttpResponse<String> served = page(app, "bea");
            assertThat(served.headers().firstValue("X-Tailor-Variant")).hasValue("content_rich");
            assertThat(served.body()).contains(newArtifact);
            String variantBundle = Files.readString(SecondSiteTest.firstJs(app.components().config().artifactsDir().resolve(newArtifact)));
            assertThat(variantBundle.contains("Now roasting in Bangor")).as("the fresh variant carries the owner's change").isTrue();
            assertThat(variantBundle.contains("Roasted in Portland")).isFalse();
            assertThat(app.components().catalog().stale()).extracting(v -> v.commit()).containsExactly(oldCommit);
            Thread.sleep(1_100); // past the dashboard's one-second snapshot (Metrics.CACHE_NANOS)
            JsonNode after = metrics(app);
            assertThat(after.path("variants")).hasSize(2);
            JsonNode freshRow = after.path("variants").get(0); // newest first
            assertThat(freshRow.path("base_commit").asText()).isEqualTo(newBase.substring(0, 8));
            assertThat(freshRow.path("stale").asBoolean()).isFalse();
            assertThat(freshRow.path("served").asInt()).as("bea owns it: she always gets it").isEqualTo(1);
            assertThat(after.path("variants").get(1).path("stale").asBoolean()).isTrue();
            assertThat(after.path("visitors").path("served").asInt()).isEqualTo(1);
        }
    }

    private static JsonNode metrics(TailorApp app) throws Exception {
        HttpResponse<String> response = SecondSiteSupport.HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(app.baseUrl() + "/api/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /**
     * The default cool-down (10 minutes) stays on: the visitor's last job ran seconds ago, but on the
     * old base, so it does not hold back the variant for the new one.
     */
    private static TailorConfig config(Path data, Path site) {
        return TailorConfig.from(Map.of("TAILOR_DATA_DIR", data.toString(), "TAILOR_PORT", "0",
                "ORIGINAL_REPO_PATH", site.toString()));
    }
}
