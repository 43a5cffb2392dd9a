package dev.tailor.config;

import dev.tailor.visitor.Persona;
import dev.tailor.visitor.SiteAudience;
import dev.tailor.wire.WireNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a site tells Tailor about itself in the {@code tailor.json} at its repository root:
 * which page components to personalize (one, or several by URL path), which sections it is made of and what Tailor may
 * change about them, and the brand rules every variant must keep.
 *
 * @param root      the site's directory (the checkout of ORIGINAL_REPO_PATH)
 * @param name      a short name for the site, used in logs and deployment names
 * @param title     the HTML document title
 * @param entry     the module esbuild bundles, relative to root (e.g. {@code src/main.jsx}); for a site
 *                  without one, the path of the module Tailor generates to mount the page ({@link #mount})
 * @param page      the page component Tailor rewrites, relative to root
 * @param component the name of the page component exported by {@code page}
 * @param sections  section component name → what Tailor knows and may change about it,
 *                  in the order they appear on the original page
 * @param brand     rules every variant must keep
 * @param personas  persona (any but {@link Persona#NONE}) →
 *                  the site's topics that persona's visitors should see first, in the site's order of
 *                  priority; empty when the site leaves it to Tailor's default (see the Planner)
 * @param goals     what the site's rollouts measure ({@code "metrics"} in tailor.json); {@link Goals#ANY} when absent
 * @param audiences the site's own audiences, in the order it lists them (which breaks ties); empty
 *                  when the site defines none and the built-in personas apply
 * @param mount     the mount module Tailor generates when {@code tailor.json} names no {@code entry}
 *                  (it renders {@code component} into {@code #root}), or {@code null} when the site has its own
 * @param pages     every personalizable page, the primary one ({@code page}, {@code component} and
 *                  {@code sections} above) first: the page at {@code /} when there is one, else the first
 *                  declared; a site in the single-page form has one, at {@code /}
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
        Goals goals,
        Map<SiteAudience, AudienceSpec> audiences,
        MountModule mount,
        List<SitePage> pages) {

    /** The URL path of the page a single-page site declares. */
    public static final String HOME_PATH = "/";

    public SiteContract {
        personas = personas == null ? Map.of() : Map.copyOf(personas);
        goals = goals == null ? Goals.ANY : goals;
        audiences = audiences == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(audiences));
        pages = pages == null || pages.isEmpty() ? List.of(new SitePage(HOME_PATH, page, component, sections)) : List.copyOf(pages);
        if (!pages.get(0).page().equals(page)) {
            throw new IllegalArgumentException("the primary page " + page + " must be the first of pages, not " + pages.get(0).page());
        }
    }

    /** A single-page contract: its page is at {@code /}. */
    public SiteContract(Path root, String name, String title, String entry, String page, String component,
                        Map<String, SectionSpec> sections, Brand brand, Map<Persona, List<String>> personas, Goals goals,
                        Map<SiteAudience, AudienceSpec> audiences, MountModule mount) {
        this(root, name, title, entry, page, component, sections, brand, personas, goals, audiences, mount, null);
    }

    /**
     * One personalizable page of the site.
     *
     * @param path      the URL path the site serves it at, e.g. {@code /pricing}
     * @param page      the page component's file, relative to the site root
     * @param component the name of the component that file exports
     * @param sections  its section catalog, in the order the page renders them
     */
    public record SitePage(String path, String page, String component, Map<String, SectionSpec> sections) {
        public SitePage {
            sections = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sections));
        }

        /** The file name of the page component, e.g. {@code Pricing.jsx}: its name in a variant's folder. */
        public String fileName() {
            return Path.of(page).getFileName().toString();
        }
    }

    /** The page Tailor rewrites first: the one at {@code /}, or the first declared. */
    public SitePage primaryPage() {
        return pages.get(0);
    }

    /**
     * This contract as one of its pages sees it: {@code page}, {@code component} and {@code sections}
     * are that page's, and the brand's required elements are the ones it can have (its own sections and
     * {@code data-brand} markers), so a generator or validator given it works on that page alone.
     */
    public SiteContract forPage(SitePage one) {
        if (!pages.contains(one)) {
            throw new IllegalArgumentException("page " + one.path() + " is not one of this site's pages " + pages.stream().map(SitePage::path).toList());
        }
        List<String> required = brand.requiredElements().stream()
                .filter(e -> one.sections().containsKey(e) || !allSections().containsKey(e)).toList();
        Brand own = new Brand(brand.palette(), brand.fonts(), required, brand.allowedOrigins());
        List<SitePage> ordered = new java.util.ArrayList<>(pages);
        ordered.remove(one);
        ordered.add(0, one);
        return new SiteContract(root, name, title, entry, one.page(), one.component(), one.sections(), own, personas, goals,
                audiences, mount, ordered);
    }

    /**
     * Every page's sections in one catalog, in page order (the primary page's first). A section on
     * several pages (a shared header) is one entry: the loader holds its topics to be the same everywhere.
     */
    public Map<String, SectionSpec> allSections() {
        if (pages.size() == 1) {
            return sections;
        }
        Map<String, SectionSpec> all = new java.util.LinkedHashMap<>();
        pages.forEach(p -> p.sections().forEach(all::putIfAbsent));
        return java.util.Collections.unmodifiableMap(all);
    }

    /** A contract on the built-in personas (no {@code "audiences"}), with the site's own entry and no metrics block. */
    public SiteContract(Path root, String name, String title, String entry, String page, String component,
                        Map<String, SectionSpec> sections, Brand brand, Map<Persona, List<String>> personas) {
        this(root, name, title, entry, page, component, sections, brand, personas, Goals.ANY, Map.of(), null);
    }

    /**
     * A module Tailor adds to the site's build (never to its repository) to mount the page.
     *
     * @param path   relative to the site root
     * @param source the module's JavaScript
     */
    public record MountModule(String path, String source) {
        /** Where the generated mount module goes: at the root, a name no site uses. */
        public static final String PATH = "tailor-mount.generated.jsx";

        /** Renders {@code component}, the page's default export or the export of that name, into {@code #root}. */
        public static MountModule of(String page, String component, boolean defaultExport) {
            String from = "./" + page.replace('\\', '/');
            String importLine = defaultExport ? "import " + component + " from \"" + from + "\";"
                    : "import { " + component + " } from \"" + from + "\";";
            return new MountModule(PATH, "// generated by Tailor: this site's tailor.json names no \"entry\"\n"
                    + "import { createRoot } from \"react-dom/client\";\n" + importLine + "\n"
                    + "createRoot(document.getElementById(\"root\")).render(<" + component + " />);\n");
        }
    }

    /**
     * The files a build of this site replaces or adds: {@code overrides} (e.g. a personalized page),
     * plus the generated mount module when the site has no entry of its own.
     */
    public Map<String, String> buildFiles(Map<String, String> overrides) {
        if (mount == null) {
            return overrides;
        }
        Map<String, String> files = new java.util.LinkedHashMap<>(overrides);
        files.put(mount.path(), mount.source());
        return Map.copyOf(files);
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
        allSections().forEach((component, spec) -> {
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

    /**
     * What defines a site's audience and the plan its visitors get.
     *
     * @param topics    the visitor's interest in the audience is their strongest preference among these
     * @param behaviour added to that interest when the visitor behaves so (only if the interest is above 0)
     * @param plan      what the audience's visitors get
     */
    public record AudienceSpec(List<String> topics, Map<Behaviour, Double> behaviour, AudiencePlan plan) {
        public AudienceSpec {
            topics = List.copyOf(topics);
            behaviour = behaviour.isEmpty() ? Map.of() : Map.copyOf(new java.util.EnumMap<>(behaviour));
        }
    }

    /**
     * @param name        the plan's (and variant folder's) name, e.g. {@code pricing_first}
     * @param focus       the topics whose sections move to the top, the visitor's stronger interest first
     * @param simplify    also hide every optional section outside the focus, for a short page
     * @param layoutClass a CSS class for the page's root element that the site styles, or {@code null} for none
     */
    public record AudiencePlan(String name, List<String> focus, boolean simplify, String layoutClass) {
        public AudiencePlan {
            focus = List.copyOf(focus);
        }
    }

    /** Behaviour an audience may be defined by, with its name in tailor.json. */
    public enum Behaviour {
        /** The device last seen is a phone. */
        MOBILE("mobile"),
        /** The device last seen is a desktop. */
        DESKTOP("desktop"),
        /** Sessions average under TAILOR_PERSONA_SHORT_SESSION_SECONDS. */
        SHORT_SESSIONS("short_sessions"),
        /** Sessions average at least TAILOR_PERSONA_LONG_SESSION_SECONDS, or TAILOR_PERSONA_DEEP_PAGES pages. */
        DEEP_SESSIONS("deep_sessions"),
        /** The visitor came back (more than one session). */
        RETURNING("returning");

        private static final WireNames<Behaviour> WIRE_NAMES = WireNames.of("behaviour", values(), Behaviour::wire);

        private final String wire;

        Behaviour(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static java.util.Optional<Behaviour> byWire(String wire) {
            return WIRE_NAMES.find(wire);
        }

        /** The accepted names, e.g. {@code mobile, desktop, …}. */
        public static String accepted() {
            return WIRE_NAMES.accepted();
        }
    }

    /** The file name of the page component, e.g. {@code Homepage.jsx}. */
    public String pageFileName() {
        return Path.of(page).getFileName().toString();
    }

    /**
     * The topics Tailor can emphasize on the site's pages: the first topic of every section that is not
     * pinned, in page order (the primary page's first), without repeats. Emphasizing a topic moves the
     * sections it leads.
     */
    public List<String> primaryTopics() {
        java.util.LinkedHashSet<String> topics = new java.util.LinkedHashSet<>();
        allSections().values().forEach(spec -> {
            if (spec.pinned() == null && !spec.topics().isEmpty()) {
                topics.add(spec.topics().get(0));
            }
        });
        return List.copyOf(topics);
    }
}
