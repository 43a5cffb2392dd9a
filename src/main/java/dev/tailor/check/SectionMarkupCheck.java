package dev.tailor.check;

import dev.tailor.build.SectionMarkup;
import dev.tailor.config.SiteContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks the {@code data-section} names a built site sets against its contract. A site that sets
 * none cannot be personalized at all (fatal: Tailor refuses to start); a name the contract maps to
 * no section, or a cataloged section no element is marked with, loses that section's seconds (a
 * warning, with the fix).
 */
public final class SectionMarkupCheck {

    /** @param fatal the site cannot be personalized as it is */
    public record Finding(boolean fatal, String message) {
    }

    private SectionMarkupCheck() {
    }

    public static List<Finding> check(SiteContract site, SectionMarkup markup) {
        List<Finding> findings = new ArrayList<>();
        if (!markup.any()) {
            String example = site.allSections().keySet().stream().filter(s -> site.allSections().get(s).pinned() == null).findFirst()
                    .map(s -> SiteContract.derivedNames(s).get(SiteContract.derivedNames(s).size() - 1)).orElse("hero");
            findings.add(new Finding(true, "the original site renders no element with a data-section attribute (none in the bundle"
                    + " built from " + site.entry() + "), so Tailor's tracker could measure no attention and no visitor would be"
                    + " personalized; mark the root element of each section component, e.g. <section data-section=\"" + example
                    + "\">, with a name of that section (its component name in snake_case or kebab-case, or one of its \"aliases\")"));
            return findings;
        }
        Map<String, String> tracked = site.trackedNames();
        for (String name : markup.literalNames()) {
            if (!tracked.containsKey(name)) {
                findings.add(new Finding(false, "the site's markup sets data-section=\"" + name + "\", which tailor.json maps to no"
                        + " section, so its seconds count for no topic; add \"aliases\": [\"" + name + "\"] to the section it is in"));
            }
        }
        if (!markup.computed()) {
            site.allSections().forEach((component, spec) -> {
                boolean marked = tracked.entrySet().stream()
                        .anyMatch(e -> e.getValue().equals(component) && markup.literalNames().contains(e.getKey()));
                if (!marked && spec.pinned() == null) {
                    findings.add(new Finding(false, "no element is marked data-section=\"" + SiteContract.derivedNames(component)
                            .get(SiteContract.derivedNames(component).size() - 1) + "\" (or another name of section " + component
                            + "), so attention on it is never measured; add the attribute to its root element, or an alias"
                            + " for the name it uses"));
                }
            });
        }
        return findings;
    }
}
