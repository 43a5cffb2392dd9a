package dev.tailor.generate;

import dev.tailor.config.SiteContract;
import dev.tailor.plan.Plan;

/** Rewrites a site's page component so that it follows a plan. */
public interface Generator {

    /**
     * @throws GenerationException when no usable code could be produced
     */
    GeneratedCode generate(SiteContract site, String originalSource, Plan plan) throws GenerationException;
}
