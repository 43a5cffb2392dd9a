package dev.tailor.config;

import dev.tailor.visitor.Persona;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a site tells Tailor about itself in the {@code tailor.json} at its repository root:
 * which page component to personalize, which sections it is made of and what Tailor may
 * change about them, and the brand rules every variant must keep.
 *
 * @param root      the site's directory (the checkout of ORIGINAL_REPO_PATH)
 * @param name      a short name for the site, used in logs and deployment names
 * @param title     the HTML document title
 * @param entry     the module esbuild bundles, relative to root (e.g. {@code src/main.jsx})
 * @param page      the page component Tailor rewrites, relative to root
 * @param component the name of the page component exported by {@code page}
 * @param sections  section component name → what Tailor knows and may change about it,
 *                  in the order they appear on the original page
 * @param brand     rules every variant must keep
 * @param personas  persona (any but {@link Persona#NONE}) →
 *                  the site's topics that persona's visitors should see first, in the site's order of
 *                  priority; empty when the site leaves it to Tailor's default (see the Planner)
 * @param goals     what the site's rollouts measure ({@code "metrics"} in tailor.json); {@link Goals#ANY} when absent
 */
public record SiteContract(
        Path root,
        String name,
        String title,
        String entry,
        String page,
        String component,
        Map<String, SectionSpec> sections,
        Brand brand,
        Map<Persona, List<String>> personas,
        Goals goals) {

    public SiteContract {
        personas = personas == null ? Map.of() : Map.copyOf(personas);
        goals = goals == null ? Goals.ANY : goals;
    }

    /** A contract without a metrics block: rollouts are judged on any goal. */
    public SiteContract(Path root, String name, String title, String entry, String page, String component,
                        Map<String, SectionSpec> sections, Brand brand, Map<Persona, List<String>> personas) {
        this(root, name, title, entry, page, component, sections, brand, personas, Goals.ANY);
    }

    /**
     * The site's named goals ({@code data-goal} values) and which one rollouts are judged on.
     *
     * @param names      the goals reported per arm, e.g. {@code signup}, {@code add_to_cart}
     * @param primary    the goal promotion and rollback are decided on, one of {@code names}; null: any goal
     * @param guardrails goals whose significant rise rolls a variant back (e.g. {@code unsubscribe}), beside the
     *                   built-in guardrails (JavaScript errors, render fallbacks, bounce)
     */
    public record Goals(List<String> names, String primary, List<String> guardrails) {
        public static final Goals ANY = new Goals(List.of(), null, List.of());

        public Goals {
            names = List.copyOf(names);
            guardrails = List.copyOf(guardrails);
        }
    }

    /** A contract without a persona mapping: every persona gets Tailor's default topics. */
    public SiteContract(Path root, String name, String title, String entry, String page, String component,
                        Map<String, SectionSpec> sections, Brand brand) {
        this(root, name, title, entry, page, component, sections, brand, Map.of(), Goals.ANY);
    }

    /**
     * @param topics   what the section is about (e.g. {@code analytics}, {@code content}, {@code cta})
     * @param required a required section may never be hidden
     * @param pinned   {@code top}, {@code bottom} or {@code null}: pinned sections keep their place
     * @param props    prop name → the values Tailor may set it to
     */
    public record SectionSpec(List<String> topics, boolean required, String pinned, Map<String, List<Object>> props) {
    }

    /**
     * @param palette          the colours a variant may use (CSS hex), beyond which nothing is added
     * @param fonts            the font families a variant may use
     * @param requiredElements components or {@code data-brand} markers that every variant must keep
     * @param allowedOrigins   external origins a variant may link to or load from
     */
    public record Brand(List<String> palette, List<String> fonts, List<String> requiredElements, List<String> allowedOrigins) {
    }

    /** The file name of the page component, e.g. {@code Homepage.jsx}. */
    public String pageFileName() {
        return Path.of(page).getFileName().toString();
    }

    /**
     * The topics Tailor can emphasize on this page: the first topic of every section that is not
     * pinned, in page order, without repeats. Emphasizing a topic moves the sections it leads.
     */
    public List<String> primaryTopics() {
        java.util.LinkedHashSet<String> topics = new java.util.LinkedHashSet<>();
        sections.values().forEach(spec -> {
            if (spec.pinned() == null && !spec.topics().isEmpty()) {
                topics.add(spec.topics().get(0));
            }
        });
        return List.copyOf(topics);
    }
}
