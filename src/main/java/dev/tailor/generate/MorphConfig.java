package dev.tailor.generate;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach Morph Fast Apply and what its tokens cost.
 *
 * @param backoffBase wait before the first retry; doubled for each further attempt
 */
public record MorphConfig(
        String apiKey,
        URI baseUrl,
        String model,
        Duration timeout,
        int maxAttempts,
        Duration backoffBase,
        double inputUsdPerMillionTokens,
        double outputUsdPerMillionTokens) {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.morphllm.com");
    public static final String DEFAULT_MODEL = "morph-v3-fast";

    public MorphConfig {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("MORPH_API_KEY is empty; set it to use the Morph generator");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("Morph max attempts must be at least 1, not " + maxAttempts);
        }
    }

    /** Published v3-fast settings: 30 s timeout, 3 attempts, 500 ms backoff, $0.80 in / $1.20 out per million tokens. */
    public static MorphConfig withDefaults(String apiKey) {
        return new MorphConfig(apiKey, DEFAULT_BASE_URL, DEFAULT_MODEL, Duration.ofSeconds(30), 3,
                Duration.ofMillis(500), 0.80, 1.20);
    }

    /**
     * From {@code MORPH_API_KEY} and optional {@code TAILOR_MORPH_BASE_URL}, {@code TAILOR_MORPH_MODEL},
     * {@code TAILOR_MORPH_TIMEOUT_SECONDS}; empty when no key is set (the local generator is used then).
     */
    public static Optional<MorphConfig> fromEnvironment(Map<String, String> env) {
        String key = env.get("MORPH_API_KEY");
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        MorphConfig d = withDefaults(key);
        String timeout = env.get("TAILOR_MORPH_TIMEOUT_SECONDS");
        Duration parsedTimeout;
        try {
            parsedTimeout = timeout == null ? d.timeout() : Duration.ofSeconds(Long.parseLong(timeout.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("TAILOR_MORPH_TIMEOUT_SECONDS must be a whole number of seconds, not '" + timeout + "'");
        }
        return Optional.of(new MorphConfig(key,
                URI.create(env.getOrDefault("TAILOR_MORPH_BASE_URL", d.baseUrl().toString())),
                env.getOrDefault("TAILOR_MORPH_MODEL", d.model()),
                parsedTimeout, d.maxAttempts(), d.backoffBase(),
                d.inputUsdPerMillionTokens(), d.outputUsdPerMillionTokens()));
    }

    public double costUsd(long promptTokens, long completionTokens) {
        return (promptTokens * inputUsdPerMillionTokens + completionTokens * outputUsdPerMillionTokens) / 1_000_000.0;
    }

    @Override
    public String toString() { // never log the key
        return "MorphConfig[baseUrl=" + baseUrl + ", model=" + model + ", timeout=" + timeout
                + ", maxAttempts=" + maxAttempts + ", backoffBase=" + backoffBase + "]";
    }
}
