package dev.tailor.security;

import static dev.tailor.track.RunningTailor.delete;
import static dev.tailor.track.RunningTailor.get;
import static dev.tailor.track.RunningTailor.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.TailorApp;
import dev.tailor.testing.GitCli;
import dev.tailor.track.RunningTailor;
import dev.tailor.visitor.VisitorCookies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure that erases: a visitor whose profile made a variant, who saw it and converted, is
 * deleted; afterwards neither their id nor their profile's wording is anywhere in the data
 * directory — not in the database file or its write-ahead log, not in a table such as
 * {@code rollout_history}, not in any git object (commit messages, {@code deployment.json}).
 */
class ErasureLeavesNoTracesTest {

    private static final String VISITOR = "zed-erasure-probe-q7x";

    @TempDir
    Path dir;

    @Test
    void afterDeleteNothingInTheDataDirectoryNamesTheVisitor() throws Exception {
        String explanation;
        try (TailorApp app = RunningTailor.start(dir, Map.of("TAILOR_OPTIMIZATIONS_PER_HOUR", "1000"), Clock.systemUTC())) {
            post(app, "/api/track", "{\"events\":["
                    + "{\"event\":\"page_view\",\"page\":\"analytics_dashboard\",\"time_spent\":180,\"scroll_depth\":95,\"user_id\":\"" + VISITOR + "\"},"
                    + "{\"event_id\":\"z2\",\"session_id\":\"s2\",\"event\":\"page_view\",\"section\":\"hero\",\"time_spent\":14,\"user_id\":\"" + VISITOR + "\"},"
                    + "{\"event_id\":\"z3\",\"session_id\":\"s2\",\"event\":\"section_dwell\",\"section\":\"quick_metrics\",\"time_spent\":32,\"user_id\":\"" + VISITOR + "\"},"
                    + "{\"event_id\":\"z4\",\"session_id\":\"s3\",\"event\":\"page_view\",\"section\":\"case_studies\",\"time_spent\":12,\"user_id\":\"" + VISITOR + "\"},"
                    + "{\"event\":\"wave\",\"user_id\":\"" + VISITOR + "\"}]}");
            JsonNode job = waitUntilLive(app);
            assertThat(job.path("stage").asText()).as(job.toString()).isEqualTo("live");
            explanation = get(app, "/api/profile/" + VISITOR).json().path("explanation").asText();
            assertThat(explanation).contains("engaged time was on analytics");
            String cookie = VisitorCookies.NAME + "=" + app.components().cookies().sign(VISITOR);
            assertThat(get(app, "/", "Cookie", cookie).raw().headers().firstValue("X-Tailor-Variant")).contains("analytics_prominent");
            post(app, "/api/track", "{\"event\":\"goal\",\"goal\":\"start_trial\"}", "Cookie", cookie);
            assertThat(grep(dir, VISITOR)).isNotEmpty(); // the probe finds them before the erasure

            assertThat(delete(app, "/api/users/" + VISITOR).status()).isEqualTo(200);
        }

        assertThat(grep(dir, VISITOR)).isEmpty();
        // the profile's own words (its figures) are not in git either
        String figures = explanation.substring(0, explanation.indexOf(" engaged time"));
        assertThat(grep(dir, figures)).isEmpty();
        assertThat(dir.resolve("deployment-repo/variants/analytics-prominent/deployment.json")).isRegularFile();
    }

    private static JsonNode waitUntilLive(TailorApp app) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode job = get(app, "/api/optimize?user_id=" + VISITOR).json();
        while (!List.of("live", "failed").contains(job.path("stage").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            job = get(app, "/api/optimize?user_id=" + VISITOR).json();
        }
        return job;
    }

    /** Every file under dir (raw bytes) and every object of every git repository in it (inflated) that contains text. */
    private static List<String> grep(Path dir, String text) throws Exception {
        List<String> hits = new ArrayList<>();
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (contains(Files.readAllBytes(file), needle)) {
                    hits.add(dir.relativize(file).toString());
                }
                if (file.getFileName().toString().equals("HEAD") && Files.isDirectory(file.resolveSibling("objects"))) {
                    Path repo = file.getParent();
                    String objects = GitCli.git(repo, "--git-dir=" + repo, "cat-file", "--batch-all-objects", "--batch");
                    if (objects.contains(text)) {
                        hits.add("a git object in " + dir.relativize(repo));
                    }
                }
            }
        }
        return hits;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
