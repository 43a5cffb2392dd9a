package dev.tailor.generate;

import dev.tailor.config.SiteContract;
import dev.tailor.generate.validate.ValidationFinding;
import dev.tailor.generate.validate.VariantValidator;
import dev.tailor.plan.Plan;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Uses a remote generator when it produces a valid variant of the plan, and the local rewrite
 * otherwise (including when the remote result is safe but does not implement the plan: variants
 * are shared by plan hash, so one that keeps the original order would be served as this plan).
 * A fallback keeps the remote calls' tokens and cost, because that money was spent, and its note
 * says why it happened (after any note of the remote generator's own, e.g. a snippet-model failure).
 * A remote result it keeps carries the findings of that validation, so the pipeline does not validate
 * it a second time; the local rewrite it falls back to carries none and is validated there as usual.
 */
public final class FallbackGenerator implements Generator {
    private final Generator primary;
    private final String primaryName;
    private final LocalAstGenerator fallback;
    private final VariantValidator validator;

    public FallbackGenerator(Generator primary, LocalAstGenerator fallback, VariantValidator validator) {
        this(primary, MorphGenerator.GENERATOR, fallback, validator);
    }

    /** @param primaryName what to call the primary generator when it fails without a result, e.g. {@code chat+morph} */
    public FallbackGenerator(Generator primary, String primaryName, LocalAstGenerator fallback, VariantValidator validator) {
        this.primary = primary;
        this.primaryName = primaryName;
        this.fallback = fallback;
        this.validator = validator;
    }

    @Override
    public GeneratedCode generate(SiteContract site, String originalSource, Plan plan) throws GenerationException {
        GeneratedCode remote;
        try {
            remote = primary.generate(site, originalSource, plan);
        } catch (GenerationException e) {
            return local(site, originalSource, plan, primaryName, e.promptTokens(), e.completionTokens(), e.costUsd(),
                    primaryName + " call failed: " + e.getMessage());
        }
        List<ValidationFinding> findings = validator.validate(site, originalSource, remote.code(), plan);
        if (validator.isDeployable(findings)) {
            return remote.validated(findings);
        }
        String why = findings.stream().map(f -> f.rule() + ": " + f.message()).collect(Collectors.joining("; "));
        String note = remote.generator() + " result failed validation: " + why;
        return local(site, originalSource, plan, remote.generator(), remote.promptTokens(), remote.completionTokens(),
                remote.costUsd(), remote.note() == null || remote.note().isEmpty() ? note : note + "; " + remote.note());
    }

    private GeneratedCode local(SiteContract site, String original, Plan plan, String failed, long promptTokens,
                                long completionTokens, double costUsd, String note) throws GenerationException {
        GeneratedCode local = fallback.generate(site, original, plan);
        return new GeneratedCode(local.code(), failed + "→" + LocalAstGenerator.GENERATOR, local.model(),
                promptTokens, completionTokens, costUsd, note);
    }
}
