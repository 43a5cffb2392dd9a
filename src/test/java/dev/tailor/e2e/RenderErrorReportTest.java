package dev.tailor.e2e;

import static dev.tailor.e2e.SecondSiteSupport.HTTP;
import static dev.tailor.e2e.SecondSiteSupport.JSON;
import static dev.tailor.e2e.SecondSiteSupport.awaitLive;
import static dev.tailor.e2e.SecondSiteSupport.page;
import static dev.tailor.e2e.SecondSiteSupport.postReaderEvents;
import static dev.tailor.e2e.SecondSiteSupport.siteRepo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.deploy.InstallId;
import dev.tailor.deploy.LocalFreestyle;
import dev.tailor.experiment.Rollout;
import dev.tailor.experiment.RolloutStatus;
import dev.tailor.visitor.VisitorCookies;
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
 * The tracker's {@code render_error}, posted as a page on Freestyle posts it (no render-failure cookie ever
 * reaches the edge there): it counts for the variant's rollout only when it names the build the edge serves
 * the visitor, and the second distinct visitor's report rolls the variant back at once; on Freestyle (a local
 * server speaking its documented shapes) the rollback unmaps the variant's domain and the edge stops sending
 * visitors there.
 */
class RenderErrorReportTest {

    @TempDir
    Path tmp;

    @Test
    void reportsOfTheServedBuildRollTheVariantBackAndReportsOfAnyOtherCountForNothing() throws Exception {
        Path site = siteRepo("brightside-coffee", Files.createDirectories(tmp.resolve("brightside")));
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", tmp.resolve("data").toString(),
                "TAILOR_PORT", "0", "ORIGINAL_REPO_PATH", site.toString(), "TAILOR_ROLLOUT_STAGES", "100", "TAILOR_HOLDOUT", "0",
                "TAILOR_AUTOMATION_FILTER", "off", "TAILOR_ROLLBACK_RENDER_FAILURES", "2", "TAILOR_ROLLOUT_CHECK", "1h")),
                Clock.systemUTC())) {
            postReaderEvents(app, "ada");
            JsonNode live = awaitLive(app, "ada", Duration.ofSeconds(90));
            String artifact = live.path("artifact").asText();
            matched(app, List.of("bea", "cy", "dee"));
            String key = app.components().catalog().variantOf("bea").orElseThrow().key();
            for (String visitor : List.of("bea", "cy", "dee")) {
                // each is served the variant (their exposure), on Freestyle by the redirect to its deployment
                assertThat(page(app, visitor).headers().firstValue("X-Tailor-Variant")).as(visitor).hasValue("content_rich");
            }

            // the original's build, and the variant's build reported by its owner, are no failure of the variant's rollout
            reportRenderError(app, "dee", app.components().originalArtifact().id());
            reportRenderError(app, "ada", artifact);
            reportRenderError(app, "bea", artifact);
            reportRenderError(app, "bea", artifact); // one visitor counts once
            assertThat(app.components().experiments().rolledBack(key)).isFalse();

            reportRenderError(app, "cy", artifact);
            Rollout rollout = app.components().experiments().rollout(key).orElseThrow();
            assertThat(rollout.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
            assertThat(rollout.reason()).startsWith("rolled back: render failures").contains("failed to render in the browsers of 2 of the ");
            for (String visitor : List.of("bea", "cy", "dee")) {
                assertThat(page(app, visitor).headers().firstValue("X-Tailor-Variant")).as(visitor).hasValue("original");
            }
        }
    }

    @Test
    void onFreestyleTheRollbackUnmapsTheVariantsDomainAndItsVisitorsStayOnTailor() throws Exception {
        Path site = siteRepo("brightside-coffee", Files.createDirectories(tmp.resolve("brightside")));
        Path data = tmp.resolve("data");
        try (LocalFreestyle freestyle = new LocalFreestyle();
             TailorApp app = TailorApp.start(TailorConfig.from(Map.ofEntries(Map.entry("TAILOR_DATA_DIR", data.toString()),
                     Map.entry("TAILOR_PORT", "0"), Map.entry("ORIGINAL_REPO_PATH", site.toString()),
                     Map.entry("FREESTYLE_API_KEY", "fs-test"), Map.entry("TAILOR_FREESTYLE_BASE_URL", freestyle.baseUrl()),
                     Map.entry("TAILOR_FREESTYLE_SITE_URL", freestyle.siteUrl()), Map.entry("TAILOR_ROLLOUT_STAGES", "100"),
                     Map.entry("TAILOR_HOLDOUT", "0"), Map.entry("TAILOR_AUTOMATION_FILTER", "off"),
                     Map.entry("TAILOR_ROLLBACK_RENDER_FAILURES", "2"), Map.entry("TAILOR_ROLLOUT_CHECK", "1h"))),
                     Clock.systemUTC())) {
            postReaderEvents(app, "ada");
            String artifact = awaitLive(app, "ada", Duration.ofSeconds(90)).path("artifact").asText();
            String domain = "content-rich-" + InstallId.in(data) + ".style.dev";
            assertThat(freestyle.mappings()).containsKey(domain);
            matched(app, List.of("bea", "cy"));
            for (String visitor : List.of("bea", "cy")) {
                HttpResponse<String> sent = page(app, visitor);
                assertThat(sent.statusCode()).as(visitor + " is sent to the deployment").isEqualTo(302);
                reportRenderError(app, visitor, artifact); // from the deployment's page, forwarded by its main.ts
            }

            String key = app.components().catalog().variantOf("bea").orElseThrow().key();
            assertThat(app.components().experiments().rollout(key).orElseThrow().status()).isEqualTo(RolloutStatus.ROLLED_BACK);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (freestyle.mappings().containsKey(domain) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(freestyle.calls()).contains("DELETE /domains/v1/mappings/" + domain);
            assertThat(freestyle.mappings()).as("the rolled-back variant's domain serves nothing").doesNotContainKey(domain);
            HttpResponse<String> beas = page(app, "bea");
            assertThat(beas.statusCode()).as("no redirect to the unmapped domain").isEqualTo(200);
            assertThat(beas.body()).contains(app.components().originalArtifact().id());
        }
    }

    /** Waits until each visitor is matched to the live variant of their plan. */
    private static void matched(TailorApp app, List<String> visitors) throws Exception {
        for (String visitor : visitors) {
            postReaderEvents(app, visitor);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (visitors.stream().anyMatch(v -> app.components().catalog().variantOf(v).isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(visitors).allSatisfy(v -> assertThat(app.components().catalog().variantOf(v)).as(v).isPresent());
    }

    /** The tracker's report, with the visitor's signed cookie, as a page sends it. */
    private static void reportRenderError(TailorApp app, String visitor, String artifact) throws Exception {
        String body = JSON.writeValueAsString(Map.of("events", List.of(Map.of("event", "render_error", "artifact", artifact,
                "reason", "error", "message", "Cannot read properties of undefined (reading 'chapters')",
                "session_id", visitor + "-tab", "device", "desktop"))));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/track"))
                .header("Content-Type", "application/json")
                .header("Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign(visitor))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        assertThat(JSON.readTree(response.body()).path("accepted").asInt()).as(response.body()).isEqualTo(1);
    }
}
