package dev.tailor.tracker;

import static dev.tailor.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.TailorApp;
import dev.tailor.build.Artifact;
import dev.tailor.config.TailorConfig;
import dev.tailor.experiment.Rollout;
import dev.tailor.experiment.RolloutStatus;
import dev.tailor.testing.GitCli;
import dev.tailor.testing.OptimizeApi;
import dev.tailor.track.TrackEvent;
import dev.tailor.variant.LiveVariant;
import dev.tailor.visitor.VisitorCookies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A variant that builds but throws as it renders, made by Tailor's own generation from a site with a bug in the
 * emphasized form of one section: real Chromium browsers of its treatment visitors report {@code render_error},
 * the second distinct visitor rolls it back at once (no rollout check runs), and the next page load of each of
 * them, without the browser's render-failure mark, shows the original site.
 */
class RenderFailureRollbackInBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The original page's sections, as brightside-coffee's Landing renders them. */
    static final List<String> ORIGINAL = List.of("header", "promo", "product_grid", "subscription", "brew_guides", "reviews",
            "story_of_origin", "newsletter", "site_footer");

    /**
     * The coffee site's story, with an "expanded" form that was started but never finished: its timeline is
     * not written, so expanded it throws (a TypeError) as it renders. It compiles, validates and builds.
     */
    static final String UNFINISHED_STORY = """
            const STORY = {
              facts: [
                { value: "12", label: "partner farms in 7 countries" },
                { value: "9 yrs", label: "our longest farm partnership" },
              ],
            };

            const StoryOfOrigin = ({ expanded = false }) => (
              <section className="origin" data-section="story_of_origin" id="origin">
                <div className="shell">
                  <h2 className="heading">It started with one farm and a borrowed roaster</h2>
                  <dl className="facts">
                    {(expanded ? STORY.timeline.chapters : STORY.facts).map((f) => (
                      <div key={f.label}>
                        <dt>{f.value}</dt>
                        <dd>{f.label}</dd>
                      </div>
                    ))}
                  </dl>
                </div>
              </section>
            );

            export default StoryOfOrigin;
            """;

    @TempDir
    Path dir;

    @Test
    void treatmentBrowsersReportTheRenderErrorTheVariantRollsBackAtOnceAndTheyGetTheOriginal() throws Exception {
        HeadlessChromium.assumeInstalled();
        Path site = unfinishedStorySite(dir.resolve("brightside"));
        // the visitors are a script and a headless browser playing people: the automation filter would count them in no
        // arm; the rollout check runs hourly, so only the render failures themselves can roll the variant back
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dir.resolve("data").toString(),
                "TAILOR_PORT", "0", "ORIGINAL_REPO_PATH", site.toString(), "TAILOR_ROLLOUT_STAGES", "100", "TAILOR_HOLDOUT", "0",
                "TAILOR_AUTOMATION_FILTER", "off", "TAILOR_ROLLBACK_RENDER_FAILURES", "2", "TAILOR_ROLLOUT_CHECK", "1h")),
                Clock.systemUTC())) {
            postReaderEvents(app, "ada"); // the variant's owner: she always gets it and counts in no arm
            JsonNode live = awaitLive(app, "ada");
            String artifact = live.path("artifact").asText();
            String commit = live.path("commit").asText();
            String audience = app.components().repo().history(5).stream().filter(c -> c.sha().equals(commit)).findFirst()
                    .orElseThrow().audience();
            assertThat(app.components().repo().readFile(commit, "variants/" + audience + "/Landing.jsx"))
                    .as("generation emphasized the story, the form that throws")
                    .hasValueSatisfying(code -> assertThat(code).contains("<StoryOfOrigin expanded={true}"));
            String original = app.components().originalArtifact().id();

            for (String visitor : List.of("bea", "cy")) {
                postReaderEvents(app, visitor);
                LiveVariant assigned = awaitAssigned(app, visitor);
                assertThat(assigned.artifactId()).isEqualTo(artifact);
            }
            String key = app.components().catalog().variantOf("bea").orElseThrow().key();
            assertThat(app.components().experiments().rollout(key).orElseThrow().status()).isEqualTo(RolloutStatus.COMPLETE);

            try (HeadlessChromium bea = HeadlessChromium.desktop(); HeadlessChromium cy = HeadlessChromium.desktop()) {
                loadsTheBrokenVariant(app, bea, "bea", artifact, original);
                assertThat(app.components().experiments().rolledBack(key)).as("one visitor's browser is not enough").isFalse();

                loadsTheBrokenVariant(app, cy, "cy", artifact, original);
                Rollout rolledBack = app.components().experiments().rollout(key).orElseThrow();
                assertThat(rolledBack.status()).as("rolled back at once, by the second visitor's render failure")
                        .isEqualTo(RolloutStatus.ROLLED_BACK);
                assertThat(rolledBack.reason()).startsWith("rolled back: render failures").contains("failed to render in the browsers of 2 of the ");
                assertThat(renderErrors(app, "bea")).as("bea's browser reported it").containsExactly(artifact);
                assertThat(renderErrors(app, "cy")).as("cy's browser reported it").containsExactly(artifact);

                // their next page load, without the browser's render-failure mark: the original, rendered
                for (HeadlessChromium browser : List.of(bea, cy)) {
                    browser.driver.manage().deleteCookieNamed(Artifact.RENDER_FAILED_COOKIE);
                    browser.driver.get(app.baseUrl() + "/");
                    assertThat(shownSections(browser)).isEqualTo(ORIGINAL);
                    assertThat(shownArtifact(browser)).isEqualTo(original);
                    assertThat(((JavascriptExecutor) browser.driver).executeScript("return document.querySelector('main').className"))
                            .isEqualTo("landing");
                    assertThat(browser.driver.manage().getCookieNamed(Artifact.RENDER_FAILED_COOKIE)).isNull();
                }
                assertThat(page(app, "bea").headers().firstValue("X-Tailor-Variant")).hasValue("original");
            }
        }
    }

    /**
     * The visitor's browser loads {@code /}: the edge serves the variant, its bundle throws, the render watchdog
     * reports it and reloads, and the page the visitor ends up with is the original site. Returns once the
     * visitor's {@code render_error} is stored (and so counted).
     */
    private static void loadsTheBrokenVariant(TailorApp app, HeadlessChromium browser, String visitor, String artifact,
                                              String original) throws Exception {
        assertThat(page(app, visitor).headers().firstValue("X-Tailor-Variant")).as(visitor + " is served the variant")
                .isNotEqualTo(java.util.Optional.of("original"));
        browser.driver.get(app.baseUrl() + "/healthz");
        browser.driver.manage().addCookie(new Cookie(VisitorCookies.NAME, app.components().cookies().sign(visitor), "/"));
        browser.driver.get(app.baseUrl() + "/");
        WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(20));
        wait.until(d -> d.manage().getCookieNamed(Artifact.RENDER_FAILED_COOKIE) != null);
        assertThat(browser.driver.manage().getCookieNamed(Artifact.RENDER_FAILED_COOKIE).getValue()).isEqualTo(artifact);
        assertThat(shownSections(browser)).as(visitor + "'s browser, after the watchdog's reload").isEqualTo(ORIGINAL);
        assertThat(shownArtifact(browser)).isEqualTo(original);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (renderErrors(app, visitor).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        var events = app.components().stores().events();
        assertThat(renderErrors(app, visitor)).as("%s's render_error; stored: %s; refused: %s", visitor,
                events.eventsOf(visitor).stream().map(TrackEvent::event).toList(), events.failedEvents(10)).isNotEmpty();
    }

    /** The artifacts named by the visitor's stored render_error events. */
    private static List<String> renderErrors(TailorApp app, String visitor) {
        return app.components().stores().events().eventsOf(visitor).stream().filter(e -> e.event().equals("render_error"))
                .map(TrackEvent::payload).map(payload -> {
                    try {
                        return JSON.readTree(payload).path("artifact").asText();
                    } catch (Exception e) {
                        throw new AssertionError("render_error payload is not JSON: " + payload, e);
                    }
                }).distinct().toList();
    }

    /** The data-section names the page's root shows, once the page has rendered its footer. */
    @SuppressWarnings("unchecked")
    private static List<String> shownSections(HeadlessChromium browser) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return !!document.querySelector('main > [data-section=site_footer]')")));
        return (List<String>) ((JavascriptExecutor) browser.driver).executeScript(
                "return [...document.querySelectorAll('main > [data-section]')].map(e => e.getAttribute('data-section'))");
    }

    private static String shownArtifact(HeadlessChromium browser) {
        return (String) ((JavascriptExecutor) browser.driver).executeScript(
                "return document.querySelector('meta[name=tailor-artifact]').content");
    }

    /** brightside-coffee with the unfinished story, its "expanded" form declared in tailor.json, committed to git. */
    private static Path unfinishedStorySite(Path target) throws Exception {
        Path site = GitCli.commitCopy(Path.of("examples", "brightside-coffee"), target, "Brightside Coffee landing page");
        Files.writeString(site.resolve("src/sections/StoryOfOrigin.jsx"), UNFINISHED_STORY, StandardCharsets.UTF_8);
        ObjectNode contract = (ObjectNode) JSON.readTree(site.resolve("tailor.json").toFile());
        ((ObjectNode) contract.path("sections").path("StoryOfOrigin").path("props")).set("expanded",
                JSON.createArrayNode().add(false).add(true));
        Files.writeString(site.resolve("tailor.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(contract));
        git(site, "commit", "-q", "-am", "The story's expanded form (timeline to follow)");
        return site;
    }

    /** A content explorer, as the tracker reports one: long reads of the brew guides and the story, over three sessions. */
    private static void postReaderEvents(TailorApp app, String user) throws Exception {
        for (int s = 0; s < 3; s++) {
            String session = user + "-session-" + s;
            String body = JSON.writeValueAsString(Map.of("events", List.of(
                    Map.of("event", "page_view", "page", "landing", "user_id", user, "session_id", session, "device", "desktop"),
                    Map.of("event", "section_dwell", "section", "brew_guides", "time_spent", 120, "scroll_depth", 90,
                            "user_id", user, "session_id", session, "device", "desktop"),
                    Map.of("event", "section_dwell", "section", "story_of_origin", "time_spent", 60, "scroll_depth", 95,
                            "user_id", user, "session_id", session, "device", "desktop"))));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/track"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        }
    }

    private static HttpResponse<String> page(TailorApp app, String visitor) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/"))
                .header("Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign(visitor)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static LiveVariant awaitAssigned(TailorApp app, String visitor) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var assigned = app.components().catalog().variantOf(visitor);
            if (assigned.isPresent()) {
                return assigned.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(visitor + " was not matched to the live variant within 60 s");
    }

    private static JsonNode awaitLive(TailorApp app, String user) throws Exception {
        return OptimizeApi.awaitLive(app.baseUrl(), user, null, Duration.ofSeconds(90));
    }
}
