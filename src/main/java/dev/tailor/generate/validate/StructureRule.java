package dev.tailor.generate.validate;

import static dev.tailor.generate.validate.RuleId.BRAND_ELEMENT;
import static dev.tailor.generate.validate.RuleId.DUPLICATE_SECTION;
import static dev.tailor.generate.validate.RuleId.PAGE_COMPONENT;
import static dev.tailor.generate.validate.RuleId.PROP_VALUE;
import static dev.tailor.generate.validate.RuleId.REQUIRED_SECTION;
import static dev.tailor.generate.validate.RuleId.UNKNOWN_COMPONENT;
import static dev.tailor.generate.validate.StaticExpressions.literalValue;
import static dev.tailor.generate.validate.ValidationFinding.at;

import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxElement;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstStr;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstJsxAttr;
import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContract.SectionSpec;
import dev.tailor.page.PageLayout;
import dev.tailor.page.ParsedPage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The page's structure against the site contract: an exported page component, no cataloged section twice,
 * every required section and brand element present, no component outside the catalog and the original,
 * cataloged props only with cataloged literal values (rules {@code page-component}, {@code duplicate-section},
 * {@code required-section}, {@code brand-element}, {@code unknown-component}, {@code prop-value}).
 */
public final class StructureRule implements ValidationRule {
    @Override
    public List<ValidationFinding> check(ValidationContext ctx) {
        List<ValidationFinding> findings = new ArrayList<>();
        checkStructure(ctx.site(), ctx.original(), ctx.variant(), findings);
        return findings;
    }

    private static void checkStructure(SiteContract site, ParsedPage original, ParsedPage variant, List<ValidationFinding> findings) {
        Map<String, SectionSpec> catalog = site.sections();
        List<Swc4jAstJsxElement> elements = variant.module().find(Swc4jAstJsxElement.class);
        Set<String> used = new HashSet<>();
        for (Swc4jAstJsxElement e : elements) {
            String name = PageLayout.elementName(e);
            if (name != null) {
                used.add(name);
            }
        }
        Optional<PageLayout> layout = PageLayout.of(variant, site.component());
        if (layout.isEmpty()) {
            findings.add(new ValidationFinding(PAGE_COMPONENT, 0, 0,
                    "no exported component " + site.component() + " returning a JSX element"));
        } else {
            Set<String> seen = new HashSet<>();
            for (PageLayout.Child child : layout.get().children()) {
                if (catalog.containsKey(child.name()) && !seen.add(child.name())) {
                    findings.add(at(DUPLICATE_SECTION, child.element(), "section " + child.name() + " appears more than once"));
                }
            }
        }
        catalog.forEach((name, spec) -> {
            if (spec.required() && !used.contains(name)) {
                findings.add(new ValidationFinding(REQUIRED_SECTION, 0, 0, "required section " + name + " is missing"));
            }
        });
        Set<String> originalBrandMarkers = brandMarkers(original);
        Set<String> variantBrandMarkers = brandMarkers(variant);
        for (String element : site.brand().requiredElements()) {
            boolean present = used.contains(element) || variantBrandMarkers.contains(element);
            boolean expected = catalog.containsKey(element) || originalBrandMarkers.contains(element)
                    || PageLayout.isComponentName(element);
            if (expected && !present) {
                findings.add(new ValidationFinding(BRAND_ELEMENT, 0, 0, "brand element " + element + " is missing"
                        + (PageLayout.isComponentName(element) ? "" : " (no data-brand=\"" + element + "\" marker)")));
            }
        }
        Set<String> originalComponents = new HashSet<>();
        Set<String> originalAttributes = new HashSet<>();
        for (Swc4jAstJsxElement e : original.module().find(Swc4jAstJsxElement.class)) {
            String name = PageLayout.qualifiedName(e);
            originalComponents.add(name);
            for (var a : e.getOpening().getAttrs()) {
                originalAttributes.add(name + " " + original.text(a));
            }
        }
        for (Swc4jAstJsxElement e : elements) {
            String name = PageLayout.elementName(e);
            if (name == null) {
                // <React.Fragment>, <Tabs.Panel>, <svg:rect>: allowed when the original renders the same name
                String text = PageLayout.qualifiedName(e);
                if (!originalComponents.contains(text)) {
                    findings.add(at(UNKNOWN_COMPONENT, e, "component " + text + " is not in the catalog nor in the original"));
                }
                continue;
            }
            if (PageLayout.isComponentName(name) && !catalog.containsKey(name) && !originalComponents.contains(name)) {
                findings.add(at(UNKNOWN_COMPONENT, e, "component " + name + " is not in the catalog nor in the original"));
            }
            SectionSpec spec = catalog.get(name);
            if (spec != null) {
                checkSectionProps(name, spec, e, variant, originalAttributes, findings);
            }
        }
    }

    private static void checkSectionProps(String section, SectionSpec spec, Swc4jAstJsxElement element, ParsedPage variant,
                                          Set<String> originalAttributes, List<ValidationFinding> findings) {
        for (var a : element.getOpening().getAttrs()) {
            if (originalAttributes.contains(section + " " + variant.text(a))) {
                continue;
            }
            if (!(a instanceof Swc4jAstJsxAttr attr)) {
                findings.add(at(PROP_VALUE, a, section + " gets props by spread (" + variant.text(a) + "); only cataloged props may change"));
                continue;
            }
            String prop = PageLayout.attributeName(attr);
            List<Object> allowed = spec.props().get(prop);
            if (allowed == null) {
                findings.add(at(PROP_VALUE, attr, section + "." + prop + " is not a cataloged prop; allowed: " + spec.props().keySet()));
                continue;
            }
            Optional<Object> value = literalValue(attr);
            if (value.isEmpty()) {
                findings.add(at(PROP_VALUE, attr, section + "." + prop + " must be a literal, one of " + allowed + ", not " + variant.text(attr)));
            } else if (allowed.stream().noneMatch(v -> PlanConformance.sameValue(v, value.get()))) {
                findings.add(at(PROP_VALUE, attr, section + "." + prop + "=" + value.get() + " is not allowed; allowed: " + allowed));
            }
        }
    }

    private static Set<String> brandMarkers(ParsedPage page) {
        Set<String> markers = new HashSet<>();
        for (Swc4jAstJsxAttr attr : page.module().find(Swc4jAstJsxAttr.class)) {
            if ("data-brand".equals(PageLayout.attributeName(attr)) && attr.getValue().orElse(null) instanceof Swc4jAstStr s) {
                markers.add(s.getValue());
            }
        }
        return markers;
    }
}
