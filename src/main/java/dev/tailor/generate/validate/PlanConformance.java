package dev.tailor.generate.validate;

import dev.tailor.config.SiteContract.SectionSpec;
import dev.tailor.config.SiteContract;
import dev.tailor.page.PageLayout;
import dev.tailor.plan.Plan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a plan can be applied to a page before any generator spends time or money on it; the
 * {@link PlanConformanceRule} checks afterwards that the variant did apply it.
 */
public final class PlanConformance {
    private PlanConformance() {
    }

    /** Every way the plan does not fit the page or the catalog, in one message; empty when it fits. */
    public static Optional<String> misfit(SiteContract site, PageLayout layout, Plan plan) {
        List<String> problems = new ArrayList<>();
        Map<String, SectionSpec> catalog = site.sections();
        List<String> onPage = layout.childNames().stream().filter(catalog::containsKey).toList();
        Set<String> onPageSet = new HashSet<>(onPage);
        if (onPageSet.size() != onPage.size()) {
            problems.add("the page " + site.page() + " contains a cataloged section more than once: " + onPage);
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String name : plan.order()) {
            if (!seen.add(name)) {
                problems.add("plan orders section " + name + " more than once");
            }
        }
        for (String name : concat(plan.order(), plan.hidden())) {
            if (!catalog.containsKey(name)) {
                problems.add("plan names section " + name + ", which is not in the catalog of tailor.json " + catalog.keySet());
            } else if (!onPageSet.contains(name)) {
                problems.add("plan names section " + name + ", which is not on the page " + site.page() + " " + onPage);
            }
        }
        for (String name : plan.hidden()) {
            if (plan.order().contains(name)) {
                problems.add("plan both shows and hides section " + name);
            }
            SectionSpec spec = catalog.get(name);
            if (spec != null && spec.required()) {
                problems.add("plan hides section " + name + ", which tailor.json marks required");
            }
        }
        for (String name : onPage) {
            if (!plan.order().contains(name) && !plan.hidden().contains(name)) {
                problems.add("plan neither orders nor hides section " + name + ", which is on the page");
            }
        }
        plan.props().forEach((section, props) -> {
            SectionSpec spec = catalog.get(section);
            if (spec == null || !plan.order().contains(section)) {
                problems.add("plan sets props on " + section + ", which is not a visible cataloged section of the plan");
                return;
            }
            props.forEach((prop, value) -> {
                List<Object> allowed = spec.props().get(prop);
                if (allowed == null) {
                    problems.add("plan sets " + section + "." + prop + ", but tailor.json allows only " + spec.props().keySet());
                } else if (allowed.stream().noneMatch(a -> sameValue(a, value))) {
                    problems.add("plan sets " + section + "." + prop + "=" + value + ", but tailor.json allows only " + allowed);
                }
            });
        });
        if (!problems.isEmpty()) {
            return Optional.of("plan " + plan.name() + " does not fit " + site.name() + ": " + String.join("; ", problems));
        }
        return Optional.empty();
    }

    /** Catalog values come from JSON (Integer, Double, Boolean, String): compare numbers by value. */
    static boolean sameValue(Object allowed, Object actual) {
        if (allowed instanceof Number a && actual instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        return Objects.equals(allowed, actual);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
