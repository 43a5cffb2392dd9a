package dev.tailor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Waiting on a visitor's optimization through {@code GET …/api/optimize?user_id=…}, as a client would. */
public final class OptimizeApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OptimizeApi() {
    }

    /**
     * Polls until the visitor's job is live, at most {@code timeout}; a failed job fails the test at once.
     *
     * @param apiRoot       where Tailor's paths start: its base URL, or that and {@code /_tailor} in proxy mode
     * @param previousJobId a job to wait past (a new job is expected), or null
     */
    public static JsonNode awaitLive(String apiRoot, String user, String previousJobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = current(apiRoot, user);
            if (last != null && !(previousJobId != null && previousJobId.equals(last.path("job_id").asText()))) {
                String stage = last.path("stage").asText("");
                if (stage.equals("live")) {
                    return last;
                }
                if (stage.equals("failed")) {
                    throw new AssertionError("the optimization failed: " + last.toPrettyString());
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no live variant for " + user + " within " + timeout + "; last answer: "
                + (last == null ? "none" : last.toPrettyString()));
    }

    /** Polls until the visitor's job is live or failed, at most {@code timeout}. */
    public static JsonNode awaitFinished(String apiRoot, String user, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = current(apiRoot, user);
            if (last != null && List.of("live", "failed").contains(last.path("stage").asText(""))) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the optimization of " + user + " did not finish within " + timeout + "; last answer: "
                + (last == null ? "none" : last.toPrettyString()));
    }

    /** The visitor's newest job as the API shows it, or null while it has none (404). */
    private static JsonNode current(String apiRoot, String user) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(apiRoot + "/api/optimize?user_id=" + user))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }
}
