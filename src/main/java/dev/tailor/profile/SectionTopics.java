package dev.tailor.profile;

import dev.tailor.config.SiteContract;
import dev.tailor.visitor.Persona;
import dev.tailor.visitor.SiteAudience;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which topics a tracked section is about. The tracker reports sections by their
 * {@code data-section} name; the site contract catalogs them by component name. Every name of
 * {@link SiteContract#trackedNames()} resolves: the component name, its snake_case and kebab-case
 * forms, and the section's aliases.
 */
public final class SectionTopics {

    private final Map<String, List<String>> topicsBySection = new HashMap<>();
    private final Map<Persona, List<String>> topicsByPersona = new EnumMap<>(Persona.class);
    private final Map<SiteAudience, SiteContract.AudienceSpec> audiences;

    public SectionTopics(SiteContract site) {
        site.trackedNames().forEach((name, component) -> topicsBySection.put(name, site.allSections().get(component).topics()));
        PersonaClassifier.STANDARD_TOPICS.forEach((persona, topic) ->
                topicsByPersona.put(persona, site.personas().getOrDefault(persona, List.of(topic))));
        audiences = site.audiences();
    }

    /** The site's own audiences, in its order; empty when the built-in personas apply. */
    Map<SiteAudience, SiteContract.AudienceSpec> audiences() {
        return audiences;
    }

    /**
     * How much the visitor cares about what a persona looks for: their strongest preference among
     * the persona's topics (the site's own, from {@code "personas"} in tailor.json, or the standard one).
     */
    public double interest(Persona persona, Map<String, Double> preferences) {
        double best = 0;
        for (String topic : topicsByPersona.getOrDefault(persona, List.of())) {
            best = Math.max(best, preferences.getOrDefault(topic, 0.0));
        }
        return best;
    }

    /** The section's topics, or null when the contract does not catalog it (or there is none): one lookup for both. */
    List<String> topicsIfKnown(String section) {
        return section == null ? null : topicsBySection.get(section);
    }

    public List<String> topicsOf(String section) {
        if (section == null) {
            return List.of();
        }
        return topicsBySection.getOrDefault(section, List.of());
    }
}
