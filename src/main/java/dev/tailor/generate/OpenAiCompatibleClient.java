package dev.tailor.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One OpenAI-compatible {@code POST {baseUrl}/v1/chat/completions} endpoint: Morph Fast Apply and
 * the optional snippet model both speak it. Retries 429 and 5xx replies, I/O errors and timeouts
 * with exponential backoff; other 4xx replies fail at once. Every error names the service.
 */
final class OpenAiCompatibleClient {
    private static final Pattern FENCED = Pattern.compile("^\\s*```[A-Za-z0-9_-]*\\s*\\n(.*?)\\n?```\\s*$", Pattern.DOTALL);

    /**
     * What a chat completion answered.
     *
     * @param content          {@code choices[0].message.content}, never blank
     * @param model            the model that answered ({@code model} of the reply, else the one asked for)
     * @param promptTokens     {@code usage.prompt_tokens} (0 when absent)
     * @param completionTokens {@code usage.completion_tokens} (0 when absent)
     */
    record Completion(String content, String model, long promptTokens, long completionTokens) {
    }

    /** One chat message: {@code system}, {@code user} or {@code assistant}. */
    record Message(String role, String content) {
    }

    private final String service;
    private final URI baseUrl;
    private final String apiKey;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration backoffBase;
    private final HttpClient http;
    private final ObjectMapper json;
    private final ChatModelConfig config;
    /** Set once the endpoint refused a {@code temperature} (reasoning models take only their default). */
    private volatile boolean temperatureRejected;

    /** A 4xx answer, not retried as such; kept apart so that a refused {@code temperature} can be dropped. */
    private static final class Rejected extends GenerationException {
        private final int status;
        private final String body;

        Rejected(String message, int status, String body) {
            super(message);
            this.status = status;
            this.body = body == null ? "" : body;
        }

        /** The 400 of a model that takes no {@code temperature}: OpenAI says "Unsupported parameter: 'temperature'…". */
        boolean refusesTemperature() {
            return status == 400 && body.toLowerCase(java.util.Locale.ROOT).contains("temperature");
        }
    }

    /** @param service what to call the remote side in errors, e.g. {@code Morph} */
    OpenAiCompatibleClient(String service, ChatModelConfig config, HttpClient http, ObjectMapper json) {
        this.service = service;
        this.baseUrl = config.baseUrl();
        this.apiKey = config.apiKey();
        this.timeout = config.timeout();
        this.maxAttempts = config.maxAttempts();
        this.backoffBase = config.backoffBase();
        this.http = http;
        this.json = json;
        this.config = config;
    }

    /**
     * @param temperature sent only when not null (Morph's documented body has none)
     * @throws GenerationException when no usable reply came back; the message says why
     */
    Completion complete(String model, List<Message> messages, Double temperature) throws GenerationException {
        if (temperature != null && !temperatureRejected) {
            try {
                return parse(sendWithRetries(requestBody(model, messages, temperature)).body(), model);
            } catch (Rejected e) {
                if (!e.refusesTemperature()) {
                    throw e;
                }
                temperatureRejected = true; // this model never takes one: later calls leave it out at once
            }
        }
        return parse(sendWithRetries(requestBody(model, messages, null)).body(), model);
    }

    private String requestBody(String model, List<Message> messages, Double temperature) throws GenerationException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", model);
        request.put("messages", messages.stream().map(m -> Map.of("role", m.role(), "content", m.content())).toList());
        if (temperature != null) {
            request.put("temperature", temperature);
        }
        try {
            return json.writeValueAsString(request);
        } catch (IOException e) {
            throw new GenerationException("could not encode the " + service + " request: " + e.getMessage(), e);
        }
    }

    /**
     * {@code {baseUrl}/v1/chat/completions}, keeping any path prefix of the base URL (a proxy, an
     * Azure-style deployment path): {@code https://proxy.example/morph/} gives
     * {@code https://proxy.example/morph/v1/chat/completions}. A base URL that already ends in
     * {@code /v1} (the form Morph and OpenAI document, {@code https://api.morphllm.com/v1}) gets
     * {@code /chat/completions} only. Query and fragment are dropped.
     */
    static URI completionsUrl(URI baseUrl) {
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String rest = path.endsWith("/v1") ? "/chat/completions" : "/v1/chat/completions";
        return URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + path + rest);
    }

    private HttpResponse<String> sendWithRetries(String body) throws GenerationException {
        HttpRequest request = HttpRequest.newBuilder(completionsUrl(baseUrl))
                .timeout(timeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        String lastFailure = "";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
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
                    throw new Rejected(service + " rejected the request with " + lastFailure + " (not retried)", status,
                            response.body());
                }
            } catch (HttpTimeoutException e) {
                lastFailure = "no response within " + timeout.toMillis() + " ms";
            } catch (IOException e) {
                lastFailure = "I/O error: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenerationException("interrupted while calling " + service, e);
            }
        }
        throw new GenerationException(service + " failed after " + maxAttempts + " attempts; last: " + lastFailure);
    }

    private void sleepBeforeAttempt(int attempt) throws GenerationException {
        long millis = backoffBase.toMillis() << (attempt - 2);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenerationException("interrupted while waiting to retry " + service, e);
        }
    }

    private Completion parse(String body, String askedModel) throws GenerationException {
        JsonNode reply;
        try {
            reply = json.readTree(body);
        } catch (IOException e) {
            throw new GenerationException(service + " replied with something that is not JSON: " + abbreviate(body));
        }
        JsonNode choices = reply == null ? null : reply.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw new GenerationException(service + " reply has no choices: " + abbreviate(body));
        }
        JsonNode content = choices.get(0).path("message").path("content");
        if (!content.isTextual() || content.asText().isBlank()) {
            throw new GenerationException(service + " reply has no choices[0].message.content: " + abbreviate(body));
        }
        long promptTokens = reply.path("usage").path("prompt_tokens").asLong(0);
        long completionTokens = reply.path("usage").path("completion_tokens").asLong(0);
        if ("length".equals(choices.get(0).path("finish_reason").asText())) {
            // the answer stopped at the output limit: a cut-off file, however plausible its start looks
            throw new GenerationException(service + " stopped at its output token limit (finish_reason: length) after "
                    + completionTokens + " tokens: the answer is cut off", null, promptTokens, completionTokens,
                    config.costUsd(promptTokens, completionTokens));
        }
        String model = reply.path("model").isTextual() && !reply.get("model").asText().isBlank()
                ? reply.get("model").asText() : askedModel;
        return new Completion(content.asText(), model, promptTokens, completionTokens);
    }

    /** Chat models sometimes wrap code in a Markdown fence; the result ends with one newline. */
    static String unfenced(String content) {
        Matcher fenced = FENCED.matcher(content);
        String code = fenced.matches() ? fenced.group(1) : content;
        return code.endsWith("\n") ? code : code + "\n";
    }

    static String abbreviate(String body) {
        if (body == null || body.isEmpty()) {
            return "(empty body)";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 197) + "…" : oneLine;
    }
}
