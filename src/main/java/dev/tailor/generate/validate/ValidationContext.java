package dev.tailor.generate.validate;

import dev.tailor.config.SiteContract;
import dev.tailor.page.ParsedPage;
import dev.tailor.plan.Plan;
import java.util.Objects;

/**
 * What every rule checks a variant against, parsed once per validation.
 *
 * @param site     the site contract: catalog, brand, page component
 * @param original the original page component
 * @param variant  the variant of it
 * @param plan     the plan the variant claims to implement (variants are shared by plan hash)
 */
public record ValidationContext(SiteContract site, ParsedPage original, ParsedPage variant, Plan plan) {

    public ValidationContext {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(plan, "plan");
    }
}
