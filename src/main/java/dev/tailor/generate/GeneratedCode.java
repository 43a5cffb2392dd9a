package dev.tailor.generate;

/**
 * A personalized page component and what it cost to produce.
 *
 * @param code             the full source of the page component
 * @param generator        {@code local} or {@code morph} (or {@code morph→local} after a fallback)
 * @param model            the model that produced it, or {@code swc4j} for the local rewrite
 * @param promptTokens     tokens sent (0 for the local rewrite)
 * @param completionTokens tokens received (0 for the local rewrite)
 * @param costUsd          what the call cost, from published prices
 * @param note             why a fallback happened, or empty
 */
public record GeneratedCode(
        String code,
        String generator,
        String model,
        long promptTokens,
        long completionTokens,
        double costUsd,
        String note) {
}
