package dev.tailor.generate;

import dev.tailor.generate.validate.ValidationFinding;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * @param findings         the findings of the validation the generator already ran on {@code code}, against
 *                         the same site, original and plan it was given (a {@link FallbackGenerator} must
 *                         validate a remote result to decide whether to fall back), so that nobody validates
 *                         it again; empty when it ran none
 */
public record GeneratedCode(
        String code,
        String generator,
        String model,
        long promptTokens,
        long completionTokens,
        double costUsd,
        String note,
        Optional<List<ValidationFinding>> findings) {

    public GeneratedCode {
        findings = Objects.requireNonNull(findings, "findings").map(List::copyOf);
    }

    /** Code nobody has validated yet. */
    public GeneratedCode(String code, String generator, String model, long promptTokens, long completionTokens,
                         double costUsd, String note) {
        this(code, generator, model, promptTokens, completionTokens, costUsd, note, Optional.empty());
    }

    /** This code with the findings of its validation. */
    public GeneratedCode validated(List<ValidationFinding> findings) {
        return new GeneratedCode(code, generator, model, promptTokens, completionTokens, costUsd, note, Optional.of(findings));
    }
}
