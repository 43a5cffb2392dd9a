package dev.tailor.e2e;

import static dev.tailor.e2e.SecondSiteSupport.awaitLive;
import static dev.tailor.e2e.SecondSiteSupport.page;
import static dev.tailor.e2e.SecondSiteSupport.postReaderEvents;
import static dev.tailor.e2e.SecondSiteSupport.siteRepo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.TailorApp;
import dev.tailor.build.Artifact;
import dev.tailor.config.TailorConfig;
import dev.tailor.deploy.InstallId;
import dev.tailor.deploy.LocalFreestyle;
import dev.tailor.visitor.VisitorCookies;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With FREESTYLE_API_KEY, a variant is deployed to Freestyle (a local server speaking its documented
 * shapes) under a domain named by this installation's id, and the visitor routed to it is redirected
 * there with their signed id handed over once; everyone else gets the original from Tailor.
 */
class FreestyleRoutingTest {

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

    @Test
    void aVisitorRoutedToAVariantIsSentToItsFreestyleDeploymentWithTheirSignedId() throws Exception {
        Path site = siteRepo("brightside-coffee", Files.createDirectories(tmp.resolve("brightside")));
        Path data = tmp.resolve("data");
        TailorConfig config = TailorConfig.from(Map.of("TAILOR_DATA_DIR", data.toString(), "TAILOR_PORT", "0",
                "ORIGINAL_REPO_PATH", site.toString(), "FREESTYLE_API_KEY", "fs-test",
                "TAILOR_FREESTYLE_BASE_URL", freestyle.baseUrl(), "TAILOR_FREESTYLE_SITE_URL", freestyle.siteUrl(), "TAILOR_ROLLOUT_STAGES", "100", "TAILOR_HOLDOUT", "0"));
        try (TailorApp app = TailorApp.start(config, Clock.systemUTC())) {
            postReaderEvents(app, "bea");
            JsonNode live = awaitLive(app, "bea", Duration.ofSeconds(90));
            String installId = InstallId.in(data);
            String domain = "content-rich-" + installId + ".style.dev";
            assertThat(live.path("variant").asText()).isEqualTo("content_rich");
            assertThat(freestyle.calls()).contains("POST /web/v1/deployment", "POST /domains/v1/mappings/" + domain);

            HttpResponse<String> beas = page(app, "bea");
            assertThat(beas.statusCode()).isEqualTo(302);
            String signed = app.components().cookies().sign("bea");
            assertThat(beas.headers().firstValue("Location")).hasValue("https://" + domain + "/?" + VisitorCookies.NAME + "="
                    + URLEncoder.encode(signed, StandardCharsets.UTF_8));
            assertThat(beas.headers().firstValue("Cache-Control")).hasValue("no-store");

            // bea's browser failed to render the variant there: the deployment sends her back with its render-failure
            // mark, and the edge serves her the original and keeps the mark, so that she is not sent there again
            String artifact = live.path("artifact").asText();
            HttpResponse<String> back = SecondSiteSupport.HTTP.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(app.baseUrl() + "/?" + Artifact.RENDER_FAILED_COOKIE + "=" + artifact))
                    .header("Cookie", VisitorCookies.NAME + "=" + signed).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(back.statusCode()).isEqualTo(200);
            assertThat(back.headers().firstValue("X-Tailor-Variant")).hasValue("original");
            assertThat(back.body()).contains(app.components().originalArtifact().id());
            assertThat(back.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                    .startsWith(Artifact.RENDER_FAILED_COOKIE + "=" + artifact + ";").contains("Max-Age=3600"));

            HttpResponse<String> other = page(app, "someone-else");
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(other.body()).contains(app.components().originalArtifact().id());
        }
    }
}
