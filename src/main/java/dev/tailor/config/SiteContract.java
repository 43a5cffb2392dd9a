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
        Map<Persona, List<String>> personas) {

    public SiteContract {
        personas = personas == null ? Map.of() : Map.copyOf(personas);
    }

    /** A contract without a persona mapping: every persona gets Tailor's default topics. */
    public SiteContract(Path root, String name, String title, String entry, String page, String component,
                        Map<String, SectionSpec> sections, Brand brand) {
        this(root, name, title, entry, page, component, sections, brand, Map.of());
    }

    /**
     * @param topics   what the section is about (e.g. {@code analytics}, {@code content}, {@code cta})
     * @param required a required section may never be hidden
     * @param pinned   {@code top}, {@code bottom} or {@code null}: pinned sections keep their place
     * @param props    prop name → the values Tailor may set it to
     * @param aliases  further {@code data-section} names the site's markup uses for this section
     *                 (e.g. {@code pricing} for {@code PricingTable}), beyond the ones Tailor derives
     */
    public record SectionSpec(List<String> topics, boolean required, String pinned, Map<String, List<Object>> props,
                              List<String> aliases) {
        public SectionSpec {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }

        /** A section tracked only under the names Tailor derives from its component name. */
        public SectionSpec(List<String> topics, boolean required, String pinned, Map<String, List<Object>> props) {
            this(topics, required, pinned, props, List.of());
        }
    }

    /**
     * Every name the tracker may report a section by, mapped to its component: the component name
     * ({@code PricingTable}), its snake_case and kebab-case forms ({@code pricing_table},
     * {@code pricing-table}), and the section's {@code aliases}. The loader rejects a name that
     * would map to two sections.
     */
    public Map<String, String> trackedNames() {
        Map<String, String> names = new java.util.LinkedHashMap<>();
        sections.forEach((component, spec) -> {
            for (String name : derivedNames(component)) {
                names.putIfAbsent(name, component);
            }
            spec.aliases().forEach(alias -> names.putIfAbsent(alias, component));
        });
        return java.util.Collections.unmodifiableMap(names);
    }

    /** {@code QuickCTA} → {@code QuickCTA}, {@code quick_cta}, {@code quick-cta}. */
    public static List<String> derivedNames(String component) {
        String snake = component
                .replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
                .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toLowerCase(java.util.Locale.ROOT);
        return List.of(component, snake, snake.replace('_', '-')).stream().distinct().toList();
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
