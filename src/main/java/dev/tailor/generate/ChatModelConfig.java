package dev.tailor.generate;

import dev.tailor.config.Environment;
import dev.tailor.config.TailorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach one OpenAI-compatible chat completions endpoint and what its tokens cost. Tailor
 * talks to two: Morph Fast Apply, which merges an edit into the page ({@link #morphFromEnvironment}),
 * and the optional snippet model, which writes that edit ({@link #snippetModelFromEnvironment}).
 * Each is read from its own variables, with its own defaults.
 *
 * @param apiKey      sent as {@code Authorization: Bearer …}; never printed
 * @param baseUrl     the server; {@code /v1/chat/completions} is appended to its path
 * @param timeout     per attempt
 * @param maxAttempts per call, for 429, 5xx, I/O errors and timeouts
 * @param backoffBase wait before the first retry; doubled for each further attempt
 */
public record ChatModelConfig(
        String apiKey,
        URI baseUrl,
        String model,
        Duration timeout,
        int maxAttempts,
        Duration backoffBase,
        double inputUsdPerMillionTokens,
        double outputUsdPerMillionTokens) {

    public static final String MORPH_API_KEY = "MORPH_API_KEY";
    public static final String MORPH_BASE_URL = "TAILOR_MORPH_BASE_URL";
    public static final String MORPH_MODEL = "TAILOR_MORPH_MODEL";
    public static final String MORPH_TIMEOUT = "TAILOR_MORPH_TIMEOUT_SECONDS";
    public static final String MORPH_PRICE_IN = "TAILOR_MORPH_PRICE_IN";
    public static final String MORPH_PRICE_OUT = "TAILOR_MORPH_PRICE_OUT";
    /** With or without {@code /v1} (the documented form is {@code https://api.morphllm.com/v1}): both reach the same URL. */
    public static final URI MORPH_DEFAULT_BASE_URL = URI.create("https://api.morphllm.com");
    public static final String MORPH_DEFAULT_MODEL = "morph-v3-fast";

    public static final String SNIPPET_MODEL_API_KEY = "TAILOR_SNIPPET_MODEL_API_KEY";
    public static final String SNIPPET_MODEL_BASE_URL = "TAILOR_SNIPPET_MODEL_BASE_URL";
    public static final String SNIPPET_MODEL = "TAILOR_SNIPPET_MODEL";
    public static final String SNIPPET_MODEL_TIMEOUT = "TAILOR_SNIPPET_MODEL_TIMEOUT_SECONDS";
    public static final String SNIPPET_MODEL_PRICE_IN = "TAILOR_SNIPPET_MODEL_PRICE_IN";
    public static final String SNIPPET_MODEL_PRICE_OUT = "TAILOR_SNIPPET_MODEL_PRICE_OUT";
    public static final URI SNIPPET_MODEL_DEFAULT_BASE_URL = URI.create("https://api.openai.com");
    public static final String SNIPPET_MODEL_DEFAULT_MODEL = "gpt-4o-mini";

    public ChatModelConfig {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("the chat model's API key is empty");
        }
        if (baseUrl == null) {
            throw new IllegalArgumentException("the chat model's base URL is missing");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("the chat model's name is empty");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the chat model's timeout must be positive, not " + timeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("the chat model's max attempts must be at least 1, not " + maxAttempts);
        }
        if (backoffBase == null || backoffBase.isNegative()) {
            throw new IllegalArgumentException("the chat model's backoff must not be negative, not " + backoffBase);
        }
        if (!(inputUsdPerMillionTokens >= 0) || !(outputUsdPerMillionTokens >= 0)) {
            throw new IllegalArgumentException("the chat model's prices must be at least 0 USD per million tokens, not "
                    + inputUsdPerMillionTokens + "/" + outputUsdPerMillionTokens);
        }
    }

    /** Published Morph v3-fast settings: 30 s timeout, 3 attempts, 500 ms backoff, $0.80 in / $1.20 out per million tokens. */
    public static ChatModelConfig morphDefaults(String apiKey) {
        return new ChatModelConfig(apiKey, MORPH_DEFAULT_BASE_URL, MORPH_DEFAULT_MODEL, Duration.ofSeconds(30), 3,
                Duration.ofMillis(500), 0.80, 1.20);
    }

    /** gpt-4o-mini settings: 30 s timeout, 3 attempts, 500 ms backoff, $0.15 in / $0.60 out per million tokens. */
    public static ChatModelConfig snippetModelDefaults(String apiKey) {
        return new ChatModelConfig(apiKey, SNIPPET_MODEL_DEFAULT_BASE_URL, SNIPPET_MODEL_DEFAULT_MODEL, Duration.ofSeconds(30), 3,
                Duration.ofMillis(500), 0.15, 0.60);
    }

    /**
     * Morph, from {@code MORPH_API_KEY} and the optional {@code TAILOR_MORPH_BASE_URL},
     * {@code TAILOR_MORPH_MODEL}, {@code TAILOR_MORPH_TIMEOUT_SECONDS}, {@code TAILOR_MORPH_PRICE_IN} and
     * {@code _OUT} (default: the model's list price, {@link MorphModels}); empty when no key is set
     * (the local generator is used then).
     */
    public static Optional<ChatModelConfig> morphFromEnvironment(Environment env) {
        Optional<String> key = env.secret(MORPH_API_KEY);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        ChatModelConfig d = morphDefaults(key.get());
        String model = env.string(MORPH_MODEL, d.model());
        // morph-v3-large costs more than morph-v3-fast: the model's list price unless TAILOR_MORPH_PRICE_IN/_OUT say
        MorphPriceEstimate.Prices prices = MorphPriceEstimate.Prices.fromEnvironment(env);
        Duration timeout = env.optional(MORPH_TIMEOUT).map(v -> {
            long seconds;
            try {
                seconds = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(MORPH_TIMEOUT + " must be a whole number of seconds, not '" + v + "'");
            }
            if (seconds < 1) { // a timeout of 0 would fail every call to Morph
                throw new IllegalArgumentException(MORPH_TIMEOUT + " must be a whole number of seconds, at least 1, not '" + v + "'");
            }
            return Duration.ofSeconds(seconds);
        }).orElse(d.timeout());
        return Optional.of(new ChatModelConfig(d.apiKey(),
                env.url(MORPH_BASE_URL, MORPH_DEFAULT_BASE_URL).orElse(d.baseUrl()),
                model,
                timeout, d.maxAttempts(), d.backoffBase(),
                prices.inputUsdPerMillion(), prices.outputUsdPerMillion()));
    }

    /**
     * The snippet model, from {@code TAILOR_SNIPPET_MODEL_API_KEY} and the optional
     * {@code TAILOR_SNIPPET_MODEL_BASE_URL}, {@code TAILOR_SNIPPET_MODEL},
     * {@code TAILOR_SNIPPET_MODEL_TIMEOUT_SECONDS}, {@code TAILOR_SNIPPET_MODEL_PRICE_IN} and
     * {@code _PRICE_OUT}; empty when no key is set (off). Only together with {@code MORPH_API_KEY}:
     * the snippet model writes the edit, Morph applies it.
     *
     * @throws IllegalArgumentException naming the variable that is wrong, or both keys when the
     *                                  snippet model is configured without Morph
     */
    public static Optional<ChatModelConfig> snippetModelFromEnvironment(Environment env) {
        Optional<String> key = env.secret(SNIPPET_MODEL_API_KEY);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        TailorConfig.requireMorphWithSnippetModel(env);
        ChatModelConfig d = snippetModelDefaults(key.get());
        String usd = "USD per million tokens, e.g. 0.15";
        return Optional.of(new ChatModelConfig(d.apiKey(),
                env.url(SNIPPET_MODEL_BASE_URL, SNIPPET_MODEL_DEFAULT_BASE_URL).orElse(d.baseUrl()),
                env.string(SNIPPET_MODEL, d.model()),
                env.seconds(SNIPPET_MODEL_TIMEOUT, d.timeout()), d.maxAttempts(), d.backoffBase(),
                env.nonNegative(SNIPPET_MODEL_PRICE_IN, d.inputUsdPerMillionTokens(), usd),
                env.nonNegative(SNIPPET_MODEL_PRICE_OUT, d.outputUsdPerMillionTokens(), usd)));
    }

    public double costUsd(long promptTokens, long completionTokens) {
        return (promptTokens * inputUsdPerMillionTokens + completionTokens * outputUsdPerMillionTokens) / 1_000_000.0;
    }

    @Override
    public String toString() { // never log the key
        return "ChatModelConfig[baseUrl=" + baseUrl + ", model=" + model + ", timeout=" + timeout
                + ", maxAttempts=" + maxAttempts + ", backoffBase=" + backoffBase
                + ", usdPerMillion=" + inputUsdPerMillionTokens + "/" + outputUsdPerMillionTokens + "]";
    }
}
