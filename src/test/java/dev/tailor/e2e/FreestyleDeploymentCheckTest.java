package dev.tailor.e2e;

import static dev.tailor.e2e.SecondSiteSupport.HTTP;
import static dev.tailor.e2e.SecondSiteSupport.JSON;
import static dev.tailor.e2e.SecondSiteSupport.awaitFinished;
import static dev.tailor.e2e.SecondSiteSupport.page;
import static dev.tailor.e2e.SecondSiteSupport.postReaderEvents;
import static dev.tailor.e2e.SecondSiteSupport.siteRepo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.deploy.InstallId;
import dev.tailor.deploy.LocalFreestyle;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Freestyle deployment (a local server speaking its documented shapes) that does not serve the variant as a
 * browser would load it never goes live: the job fails at {@code deploying} saying what the check saw, the
 * domain is unmapped at Freestyle, {@code /api/optimize} and the dashboard's {@code /api/metrics} show the
 * failure, and the visitor keeps the original site.
 */
class FreestyleDeploymentCheckTest {

    @TempDir
    Path tmp;

    LocalFreestyle freestyle;

    @BeforeEach
    void startFreestyle() throws Exception {
        freestyle = new LocalFreestyle();
    }

    @AfterEach
    void stopFreestyle() throws Exception {
        freestyle.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "NOT_FOUND    | answered HTTP 404: Deployment not found for",
        "NO_BUNDLE    | .js answered HTTP 404: not found",
        "SERVER_ERROR | answered HTTP 500: Internal Server Error: main.ts crashed",
        "HANGS        | HttpTimeoutException",
    })
    void aDeploymentThatDoesNotServeTheVariantFailsTheJobUnmapsItsDomainAndTheVisitorKeepsTheOriginal(
            LocalFreestyle.Sites broken, String seen) throws Exception {
        freestyle.serveSites(broken);
        Path site = siteRepo("brightside-coffee", Files.createDirectories(tmp.resolve("brightside")));
        Path data = tmp.resolve("data");
        // a patient check would take a minute for a deployment that hangs: two tries, a second each
        TailorConfig config = TailorConfig.from(Map.ofEntries(Map.entry("TAILOR_DATA_DIR", data.toString()),
                Map.entry("TAILOR_PORT", "0"), Map.entry("ORIGINAL_REPO_PATH", site.toString()),
                Map.entry("FREESTYLE_API_KEY", "fs-test"), Map.entry("TAILOR_FREESTYLE_BASE_URL", freestyle.baseUrl()),
                Map.entry("TAILOR_FREESTYLE_SITE_URL", freestyle.siteUrl()), Map.entry("TAILOR_FREESTYLE_SITE_ATTEMPTS", "2"),
                Map.entry("TAILOR_FREESTYLE_SITE_DELAY", "0s"), Map.entry("TAILOR_FREESTYLE_SITE_TIMEOUT", "1s"),
                Map.entry("TAILOR_ROLLOUT_STAGES", "100"), Map.entry("TAILOR_HOLDOUT", "0")));
        try (TailorApp app = TailorApp.start(config, Clock.systemUTC())) {
            postReaderEvents(app, "bea");
            JsonNode job = awaitFinished(app, "bea", Duration.ofSeconds(90));
            String domain = "content-rich-" + InstallId.in(data) + ".style.dev";

            assertThat(job.path("stage").asText()).as(job.toPrettyString()).isEqualTo("failed");
            assertThat(job.path("deployment_status").asText()).isEqualTo("failed");
            assertThat(job.path("stages").findValuesAsText("stage")).last().isEqualTo("deploying");
            String error = job.path("error").asText();
            assertThat(error).startsWith("deploying failed: Freestyle deployment dep-1 of artifact " + job.path("artifact").asText()
                    + " is not served as it must be, so it does not go live and " + domain + " was unmapped")
                    .contains("checked 2 time(s)").contains(seen);

            assertThat(freestyle.calls()).containsExactly("POST /web/v1/deployment", "POST /domains/v1/mappings/" + domain,
                    "DELETE /domains/v1/mappings/" + domain);
            assertThat(freestyle.mappings()).as("no domain points at the broken deployment").isEmpty();

            // the dashboard's numbers: the failed job with its reason
            JsonNode metrics = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(metrics.path("optimizations").path("failed").asInt()).isEqualTo(1);
            assertThat(metrics.path("optimizations").path("live").asInt()).isZero();
            JsonNode row = metrics.path("recent_jobs").get(0);
            assertThat(row.path("user_id").asText()).isEqualTo("bea");
            assertThat(row.path("status").asText()).isEqualTo("failed");
            assertThat(row.path("error").asText()).isEqualTo(error);

            HttpResponse<String> beas = page(app, "bea");
            assertThat(beas.statusCode()).as("no redirect to the broken deployment").isEqualTo(200);
            assertThat(beas.headers().firstValue("X-Tailor-Variant")).hasValue("original");
            assertThat(beas.body()).contains(app.components().originalArtifact().id());
            assertThat(app.components().catalog().variantOf("bea")).isEmpty();
        }
    }
}
