package dev.tailor.generate.validate;

import static dev.tailor.generate.validate.RuleId.PLAN_MISMATCH;
import static dev.tailor.generate.validate.ValidationFinding.at;

import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxElement;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstJsxAttr;
import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContract.SectionSpec;
import dev.tailor.page.JsxLiteral;
import dev.tailor.page.PageLayout;
import dev.tailor.page.ParsedPage;
import dev.tailor.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variant against the plan it claims to implement (rule {@code plan-mismatch}); {@link PlanConformance}
 * checked before generation that the plan fits the page at all.
 */
public final class PlanConformanceRule implements ValidationRule {
    @Override
    public List<ValidationFinding> check(ValidationContext ctx) {
        List<ValidationFinding> findings = new ArrayList<>();
        checkPlan(ctx.site(), ctx.original(), ctx.variant(), ctx.plan(), findings);
        return findings;
    }

    /**
     * The variant implements the plan it is committed for: the root's cataloged sections are
     * exactly {@code plan.order()}, hidden sections are gone, planned props have the planned
     * values and the root carries the layout class.
     */
    private static void checkPlan(SiteContract site, ParsedPage original, ParsedPage variant, Plan plan,
                                  List<ValidationFinding> findings) {
        Optional<PageLayout> found = PageLayout.of(variant, site.component());
        if (found.isEmpty()) {
            return; // reported as page-component
        }
        PageLayout layout = found.get();
        Map<String, SectionSpec> catalog = site.sections();
        List<String> sections = layout.childNames().stream().filter(catalog::containsKey).toList();
        if (!sections.equals(plan.order())) {
            findings.add(at(PLAN_MISMATCH, layout.root(), "the page root renders the sections " + sections
                    + " instead of the planned " + plan.order() + " (plan " + plan.name() + ")"));
        }
        for (String hidden : plan.hidden()) {
            long inVariant = countElements(variant, hidden);
            long allowed = countElements(original, hidden) - PageLayout.of(original, site.component())
                    .map(l -> l.childNames().stream().filter(hidden::equals).count()).orElse(0L);
            if (inVariant > Math.max(0, allowed)) {
                findings.add(new ValidationFinding(PLAN_MISMATCH, 0, 0, "section " + hidden
                        + " is still rendered, but the plan hides it"));
            }
        }
        plan.props().forEach((section, props) -> layout.children().stream()
                .filter(c -> c.name().equals(section)).findFirst()
                .ifPresent(child -> props.forEach((prop, planned) -> {
                    Optional<Swc4jAstJsxAttr> attr = PageLayout.attribute(child.element(), prop);
                    Optional<Object> actual = attr.flatMap(StaticExpressions::literalValue);
                    if (actual.isEmpty() || !PlanConformance.sameValue(planned, actual.get())) {
                        findings.add(at(PLAN_MISMATCH, child.element(), section + "." + prop + " is "
                                + attr.map(variant::text).orElse("not set") + ", but the plan sets it to "
                                + JsxLiteral.attributeValue(planned)));
                    }
                })));
        String layoutClass = plan.layoutClass();
        if (layoutClass != null && !layoutClass.isBlank()) {
            Optional<Swc4jAstJsxAttr> className = PageLayout.attribute(layout.root(), "className");
            boolean has = className.flatMap(StaticExpressions::literalValue)
                    .filter(v -> v instanceof String)
                    .map(v -> List.of(((String) v).trim().split("\\s+")).contains(layoutClass))
                    .orElse(false);
            if (!has) {
                findings.add(at(PLAN_MISMATCH, layout.root(), "the root element's className "
                        + className.map(variant::text).orElse("(none)") + " lacks the planned layout class " + layoutClass));
            }
        }
    }

    private static long countElements(ParsedPage page, String name) {
        return page.module().find(Swc4jAstJsxElement.class).stream()
                .filter(e -> name.equals(PageLayout.elementName(e))).count();
    }
}
