package dev.tailor.generate;

/**
 * A personalized page component and what it cost to produce.
 *
 * @param code             the full source of the page component
 * @param generator        {@code local}, {@code morph} or {@code chat+morph} (the snippet model wrote
 *                         the edit Morph applied), or {@code morph→local} / {@code chat+morph→local} after a fallback
 * @param model            the model that produced it ({@code gpt-4o-mini→morph-v3-fast} when two did),
 *                         or {@code swc4j} for the local rewrite
 * @param promptTokens     tokens sent, summed over every remote call (0 for the local rewrite)
 * @param completionTokens tokens received (0 for the local rewrite)
 * @param costUsd          what the calls cost, from the configured per-million-token prices
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
