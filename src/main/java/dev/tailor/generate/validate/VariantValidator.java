package dev.tailor.generate.validate;

import com.caoccao.javet.swc4j.Swc4j;
import dev.tailor.config.SiteContract;
import dev.tailor.page.JsxSyntaxException;
import dev.tailor.page.ParsedPage;
import dev.tailor.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a variant of a page component against its original and the site contract. Whatever
 * produced the variant (local rewrite, Morph, a person), it is deployable only with no findings.
 * Content that was already in the original (an iframe, a link, a colour) is not a finding:
 * the rules are about what a variant adds. It is also checked against the plan it claims to
 * implement, because variants are shared by plan hash: a variant committed for a plan is served
 * to every visitor who gets that plan.
 *
 * <p>The rules are a security boundary for remote output: a variant may not import anything the
 * original does not (esbuild would bundle any readable file into the public bundle), nor run
 * code from strings, nor inject HTML, nor point a URL attribute at something that cannot be
 * checked statically.
 *
 * <p>Both pages are parsed once per validation; each rule family then reads them from the
 * {@link ValidationContext}. Adding a rule is adding a {@link ValidationRule} to {@link #BUILTIN_RULES}.
 */
public final class VariantValidator {

    /** The built-in rule families, in the order their findings are reported. */
    public static final List<ValidationRule> BUILTIN_RULES = List.of(
            new ExportsRule(),
            new ImportsRule(),
            new StructureRule(),
            new PlanConformanceRule(),
            new ContentRule(),
            new UrlExpressionRule());

    private final Swc4j swc4j;
    private final List<ValidationRule> rules;

    public VariantValidator(Swc4j swc4j) {
        this(swc4j, BUILTIN_RULES);
    }

    /** @param rules the rule families to run, in order (tests wrap {@link #BUILTIN_RULES}) */
    public VariantValidator(Swc4j swc4j, List<ValidationRule> rules) {
        this.swc4j = Objects.requireNonNull(swc4j, "swc4j");
        this.rules = List.copyOf(rules);
    }

    /**
     * Every finding, in source order per rule; an empty list means the variant may be deployed as
     * the variant of {@code plan}.
     */
    public List<ValidationFinding> validate(SiteContract site, String original, String variant, Plan plan) {
        Objects.requireNonNull(plan, "plan");
        ParsedPage variantPage;
        try {
            variantPage = ParsedPage.parse(swc4j, variant);
        } catch (JsxSyntaxException e) {
            return List.of(new ValidationFinding(RuleId.SYNTAX, e.line(), e.column(), "does not parse: " + e.getMessage()));
        }
        ParsedPage originalPage;
        try {
            originalPage = ParsedPage.parse(swc4j, original);
        } catch (JsxSyntaxException e) {
            throw new IllegalArgumentException("the original " + site.page() + " does not parse at line "
                    + e.line() + ", column " + e.column() + ": " + e.getMessage());
        }
        ValidationContext ctx = new ValidationContext(site, originalPage, variantPage, plan);
        List<ValidationFinding> findings = new ArrayList<>();
        for (ValidationRule rule : rules) {
            findings.addAll(rule.check(ctx));
        }
        return List.copyOf(findings);
    }

    public boolean isDeployable(List<ValidationFinding> findings) {
        return findings.isEmpty();
    }
}
