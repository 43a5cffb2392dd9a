package dev.tailor.profile;

import dev.tailor.config.SiteContract;
import dev.tailor.visitor.Persona;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which topics a tracked section is about. The tracker reports sections by their
 * {@code data-section} name (snake_case, e.g. {@code analytics_dashboard}); the site contract
 * catalogs them by component name ({@code AnalyticsDashboard}). Both spellings resolve.
 */
public final class SectionTopics {

    private final Map<String, List<String>> topicsBySection = new HashMap<>();
    private final Map<Persona, List<String>> topicsByPersona = new EnumMap<>(Persona.class);

    public SectionTopics(SiteContract site) {
        site.sections().forEach((component, spec) -> {
            topicsBySection.put(component, spec.topics());
            topicsBySection.put(snakeCase(component), spec.topics());
        });
        PersonaClassifier.STANDARD_TOPICS.forEach((persona, topic) ->
                topicsByPersona.put(persona, site.personas().getOrDefault(persona, List.of(topic))));
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

    public List<String> topicsOf(String section) {
        if (section == null) {
            return List.of();
        }
        return topicsBySection.getOrDefault(section, List.of());
    }

    /** {@code AnalyticsDashboard} → {@code analytics_dashboard}; {@code QuickCTA} → {@code quick_cta}. */
    public static String snakeCase(String componentName) {
        return componentName
                .replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
                .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toLowerCase();
    }
}
