package dev.tailor.generate;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach the optional OpenAI-compatible chat model that writes Morph's edit snippet, and
 * what its tokens cost. Off unless {@code TAILOR_SNIPPET_MODEL_API_KEY} is set, and only together
 * with {@code MORPH_API_KEY}: the snippet model writes the edit, Morph applies it.
 *
 * @param backoffBase wait before the first retry; doubled for each further attempt
 */
public record SnippetModelConfig(
        String apiKey,
        URI baseUrl,
        String model,
        Duration timeout,
        int maxAttempts,
        Duration backoffBase,
        double inputUsdPerMillionTokens,
        double outputUsdPerMillionTokens) {

    public static final String API_KEY = "TAILOR_SNIPPET_MODEL_API_KEY";
    public static final String BASE_URL = "TAILOR_SNIPPET_MODEL_BASE_URL";
    public static final String MODEL = "TAILOR_SNIPPET_MODEL";
    public static final String TIMEOUT = "TAILOR_SNIPPET_MODEL_TIMEOUT_SECONDS";
    public static final String PRICE_IN = "TAILOR_SNIPPET_MODEL_PRICE_IN";
    public static final String PRICE_OUT = "TAILOR_SNIPPET_MODEL_PRICE_OUT";
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com");
    public static final String DEFAULT_MODEL = "gpt-4o-mini";

    public SnippetModelConfig {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException(API_KEY + " is empty; set it to let a chat model write Morph's edit snippets");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException(MODEL + " is empty; name the chat model, e.g. " + DEFAULT_MODEL);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(TIMEOUT + " must be a positive number of seconds, not " + timeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("snippet model max attempts must be at least 1, not " + maxAttempts);
        }
        if (!(inputUsdPerMillionTokens >= 0) || !(outputUsdPerMillionTokens >= 0)) {
            throw new IllegalArgumentException(PRICE_IN + " and " + PRICE_OUT + " must be prices of at least 0 USD per million tokens");
        }
    }

    /** gpt-4o-mini settings: 30 s timeout, 3 attempts, 500 ms backoff, $0.15 in / $0.60 out per million tokens. */
    public static SnippetModelConfig withDefaults(String apiKey) {
        return new SnippetModelConfig(apiKey, DEFAULT_BASE_URL, DEFAULT_MODEL, Duration.ofSeconds(30), 3,
                Duration.ofMillis(500), 0.15, 0.60);
    }

    /**
     * From {@code TAILOR_SNIPPET_MODEL_API_KEY} and the optional {@code TAILOR_SNIPPET_MODEL_BASE_URL},
     * {@code TAILOR_SNIPPET_MODEL}, {@code TAILOR_SNIPPET_MODEL_TIMEOUT_SECONDS},
     * {@code TAILOR_SNIPPET_MODEL_PRICE_IN} and {@code _PRICE_OUT}; empty when no key is set (off).
     *
     * @throws IllegalArgumentException naming the variable that is wrong, or both keys when the
     *                                  snippet model is configured without Morph
     */
    public static Optional<SnippetModelConfig> fromEnvironment(Map<String, String> env) {
        String key = trimmed(env.get(API_KEY));
        if (key == null) {
            return Optional.empty();
        }
        requireMorph(env);
        SnippetModelConfig d = withDefaults(key);
        String baseUrl = trimmed(env.get(BASE_URL));
        URI uri = d.baseUrl();
        if (baseUrl != null) {
            try {
                uri = URI.create(baseUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(BASE_URL + "=" + baseUrl + " is not valid: expected a URL such as " + DEFAULT_BASE_URL);
            }
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                throw new IllegalArgumentException(BASE_URL + "=" + baseUrl + " is not valid: expected an http(s) URL such as " + DEFAULT_BASE_URL);
            }
        }
        String model = trimmed(env.get(MODEL));
        return Optional.of(new SnippetModelConfig(key, uri, model == null ? d.model() : model,
                seconds(env, TIMEOUT, d.timeout()), d.maxAttempts(), d.backoffBase(),
                price(env, PRICE_IN, d.inputUsdPerMillionTokens()), price(env, PRICE_OUT, d.outputUsdPerMillionTokens())));
    }

    /** The snippet model only writes edits; without Morph nothing would apply them. */
    public static void requireMorph(Map<String, String> env) {
        if (trimmed(env.get(API_KEY)) != null && trimmed(env.get("MORPH_API_KEY")) == null) {
            throw new IllegalArgumentException(API_KEY + " is set but MORPH_API_KEY is not: the snippet model writes"
                    + " edit snippets that Morph applies, so set MORPH_API_KEY too, or unset " + API_KEY);
        }
    }

    public double costUsd(long promptTokens, long completionTokens) {
        return (promptTokens * inputUsdPerMillionTokens + completionTokens * outputUsdPerMillionTokens) / 1_000_000.0;
    }

    private static Duration seconds(Map<String, String> env, String name, Duration fallback) {
        String value = trimmed(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            long s = Long.parseLong(value);
            if (s >= 1) {
                return Duration.ofSeconds(s);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + value + " is not valid: expected a whole number of seconds, at least 1");
    }

    private static double price(Map<String, String> env, String name, double fallback) {
        String value = trimmed(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            double usd = Double.parseDouble(value);
            if (usd >= 0 && Double.isFinite(usd)) {
                return usd;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + value + " is not valid: expected USD per million tokens, e.g. 0.15");
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() { // never log the key
        return "SnippetModelConfig[baseUrl=" + baseUrl + ", model=" + model + ", timeout=" + timeout
                + ", maxAttempts=" + maxAttempts + ", backoffBase=" + backoffBase
                + ", usdPerMillion=" + inputUsdPerMillionTokens + "/" + outputUsdPerMillionTokens + "]";
    }
}
