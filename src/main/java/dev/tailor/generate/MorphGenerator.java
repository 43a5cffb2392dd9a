package dev.tailor.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.config.SiteContract;
import dev.tailor.optimize.Plan;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks Morph Fast Apply to merge a plan's lazy edit snippet into the page component. The
 * merged file is returned as is; callers validate it (see {@link FallbackGenerator}).
 */
public final class MorphGenerator implements Generator {
    public static final String GENERATOR = "morph";
    private static final Pattern FENCED = Pattern.compile("^\\s*```[A-Za-z0-9_-]*\\s*\\n(.*?)\\n?```\\s*$", Pattern.DOTALL);

    private final MorphConfig config;
    private final HttpClient http;
    private final ObjectMapper json;
    private final LocalAstGenerator planner;

    /** @param planner lays out the planned root element shown to Morph in the edit snippet */
    public MorphGenerator(MorphConfig config, HttpClient http, ObjectMapper json, LocalAstGenerator planner) {
        this.config = config;
        this.http = http;
        this.json = json;
        this.planner = planner;
    }

    @Override
    public GeneratedCode generate(SiteContract site, String originalSource, Plan plan) throws GenerationException {
        String plannedRoot = planner.plannedRootElement(site, originalSource, plan);
        MorphEditRequest edit = MorphEditRequest.of(site, plan, originalSource, plannedRoot);
        String body;
        try {
            body = json.writeValueAsString(Map.of(
                    "model", config.model(),
                    "messages", List.of(Map.of("role", "user", "content", edit.content()))));
        } catch (IOException e) {
            throw new GenerationException("could not encode the Morph request: " + e.getMessage(), e);
        }
        HttpResponse<String> response = sendWithRetries(body);
        return parse(response.body());
    }

    private HttpResponse<String> sendWithRetries(String body) throws GenerationException {
        HttpRequest request = HttpRequest.newBuilder(config.baseUrl().resolve("/v1/chat/completions"))
                .timeout(config.timeout())
                .header("Authorization", "Bearer " + config.apiKey())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        String lastFailure = "";
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            if (attempt > 1) {
                sleepBeforeAttempt(attempt);
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return response;
                }
                lastFailure = "HTTP " + status + ": " + abbreviate(response.body());
                if (status != 429 && status < 500) {
                    throw new GenerationException("Morph rejected the request with " + lastFailure + " (not retried)");
                }
            } catch (HttpTimeoutException e) {
                lastFailure = "no response within " + config.timeout().toMillis() + " ms";
            } catch (IOException e) {
                lastFailure = "I/O error: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenerationException("interrupted while calling Morph", e);
            }
        }
        throw new GenerationException("Morph failed after " + config.maxAttempts() + " attempts; last: " + lastFailure);
    }

    private void sleepBeforeAttempt(int attempt) throws GenerationException {
        long millis = config.backoffBase().toMillis() << (attempt - 2);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenerationException("interrupted while waiting to retry Morph", e);
        }
    }

    private GeneratedCode parse(String body) throws GenerationException {
        JsonNode reply;
        try {
            reply = json.readTree(body);
        } catch (IOException e) {
            throw new GenerationException("Morph replied with something that is not JSON: " + abbreviate(body));
        }
        JsonNode choices = reply == null ? null : reply.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw new GenerationException("Morph reply has no choices: " + abbreviate(body));
        }
        JsonNode content = choices.get(0).path("message").path("content");
        if (!content.isTextual() || content.asText().isBlank()) {
            throw new GenerationException("Morph reply has no choices[0].message.content: " + abbreviate(body));
        }
        String code = unfenced(content.asText());
        long promptTokens = reply.path("usage").path("prompt_tokens").asLong(0);
        long completionTokens = reply.path("usage").path("completion_tokens").asLong(0);
        String model = reply.path("model").isTextual() ? reply.get("model").asText() : config.model();
        return new GeneratedCode(code, GENERATOR, model, promptTokens, completionTokens,
                config.costUsd(promptTokens, completionTokens), "");
    }

    /** Chat models sometimes wrap the file in a Markdown fence. */
    static String unfenced(String content) {
        Matcher fenced = FENCED.matcher(content);
        String code = fenced.matches() ? fenced.group(1) : content;
        return code.endsWith("\n") ? code : code + "\n";
    }

    private static String abbreviate(String body) {
        if (body == null || body.isEmpty()) {
            return "(empty body)";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 197) + "…" : oneLine;
    }
}
