package dev.tailor.generate;

import dev.tailor.config.SiteContract;
import dev.tailor.optimize.Plan;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Uses a remote generator when it produces a valid variant, and the local rewrite otherwise.
 * A fallback keeps the remote call's tokens and cost, because that money was spent.
 */
public final class FallbackGenerator implements Generator {
    private final Generator primary;
    private final LocalAstGenerator fallback;
    private final VariantValidator validator;

    public FallbackGenerator(Generator primary, LocalAstGenerator fallback, VariantValidator validator) {
        this.primary = primary;
        this.fallback = fallback;
        this.validator = validator;
    }

    @Override
    public GeneratedCode generate(SiteContract site, String originalSource, Plan plan) throws GenerationException {
        GeneratedCode remote;
        try {
            remote = primary.generate(site, originalSource, plan);
        } catch (GenerationException e) {
            return local(site, originalSource, plan, null, "morph call failed: " + e.getMessage());
        }
        List<ValidationFinding> findings = validator.validate(site, originalSource, remote.code());
        if (validator.isDeployable(findings)) {
            return remote;
        }
        String why = findings.stream().map(f -> f.rule() + ": " + f.message()).collect(Collectors.joining("; "));
        return local(site, originalSource, plan, remote, "morph result failed validation: " + why);
    }

    private GeneratedCode local(SiteContract site, String original, Plan plan, GeneratedCode spent, String note)
            throws GenerationException {
        GeneratedCode local = fallback.generate(site, original, plan);
        return new GeneratedCode(local.code(), "morph→local", local.model(),
                spent == null ? 0 : spent.promptTokens(),
                spent == null ? 0 : spent.completionTokens(),
                spent == null ? 0.0 : spent.costUsd(),
                note);
    }
}
