package dev.tailor.config;

import com.caoccao.javet.swc4j.Swc4j;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.page.JsxSyntaxException;
import dev.tailor.page.PageLayout;
import dev.tailor.page.ParsedPage;

import dev.tailor.visitor.Persona;
import dev.tailor.visitor.SiteAudience;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads and checks a site's {@code tailor.json}, reporting every problem at once. */
public final class SiteContractLoader {
    public static final String FILE_NAME = "tailor.json";

    static final String MINIMAL_EXAMPLE = """
            {
              "name": "my-site",
              "title": "My site",
              "entry": "src/main.jsx",
              "page": "src/components/Homepage.jsx",
              "component": "Homepage",
              "sections": {
                "Hero": {"topics": ["content"], "required": true, "props": {}}
              },
              "brand": {"palette": ["#4f46e5"], "fonts": ["Inter"], "requiredElements": ["Hero"], "allowedOrigins": []}
            }""";

    private static final Pattern COMPONENT_NAME = Pattern.compile("[A-Z][A-Za-z0-9_$]*");
    private static final Pattern HEX_COLOUR = Pattern.compile("#([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})");
    private static final Pattern ORIGIN = Pattern.compile("https?://[^/\\s?#]+");
    private static final Set<String> PINNED = Set.of("top", "bottom");

    private final ObjectMapper json;
    private final Swc4j swc4j = new Swc4j();

    public SiteContractLoader(ObjectMapper json) {
        this.json = json;
    }

    /** @throws InvalidSiteContractException listing every problem found */
    public SiteContract load(Path siteRoot) {
        Path file = siteRoot.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new InvalidSiteContractException(file, List.of("no " + FILE_NAME + " at " + file.toAbsolutePath()
                    + "; create one at the root of the site's repository, for example:\n" + MINIMAL_EXAMPLE));
        }
        JsonNode tree;
        try {
            tree = json.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new InvalidSiteContractException(file, List.of("not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidSiteContractException(file, List.of("cannot read: " + e.getMessage()));
        }
        if (!(tree instanceof ObjectNode)) {
            throw new InvalidSiteContractException(file, List.of("the top level must be a JSON object, for example:\n" + MINIMAL_EXAMPLE));
        }
        List<String> problems = new ArrayList<>();
        String name = requiredText(tree, "name", problems);
        String title = requiredText(tree, "title", problems);
        // no "entry": Tailor mounts the page component itself (see mount below)
        String entry = tree.hasNonNull("entry") ? requiredText(tree, "entry", problems) : null;
        requireFile(siteRoot, "\"entry\"", entry, problems);
        List<DeclaredPage> declared = tree.has("pages") ? declaredPages(tree, siteRoot, problems)
                : List.of(declaredPage(SiteContract.HOME_PATH, "", tree, siteRoot, problems));
        if (declared.isEmpty()) {
            throw new InvalidSiteContractException(file, problems); // no page, so nothing else can be checked against one
        }
        Map<String, SiteContract.SectionSpec> allSections = new LinkedHashMap<>();
        declared.forEach(d -> d.sections().forEach(allSections::putIfAbsent));
        if (declared.size() > 1) {
            checkSharedSections(declared, problems);
            checkTrackedNamesAreUnique(allSections, problems);
        }
        SiteContract.Brand brand = brand(tree.get("brand"), allSections, problems);
        // a brand element may never be removed, whatever its section entry on any page says
        declared.forEach(d -> brand.requiredElements().forEach(element -> d.sections().computeIfPresent(element,
                (k, spec) -> new SiteContract.SectionSpec(spec.topics(), true, spec.pinned(), spec.props(), spec.aliases()))));
        Map<Persona, List<String>> personas = personas(tree.get("personas"), allSections, problems);
        SiteContract.Goals goals = goals(tree.get("metrics"), problems);
        Map<SiteAudience, SiteContract.AudienceSpec> audiences = audiences(tree.get("audiences"), allSections, problems);
        if (!audiences.isEmpty() && !personas.isEmpty()) {
            problems.add("\"personas\" maps the built-in personas, which a site with its own \"audiences\" does not use;"
                    + " remove \"personas\" (or \"audiences\")");
        }
        for (DeclaredPage d : declared) {
            checkPageSource(d, tree.has("pages"), problems);
        }
        DeclaredPage primary = declared.stream().filter(d -> d.path().equals(SiteContract.HOME_PATH)).findFirst()
                .orElse(declared.isEmpty() ? null : declared.get(0));
        SiteContract.MountModule mount = null;
        if (entry == null && declared.size() > 1) {
            problems.add("\"entry\" is absent, but Tailor can mount only one page itself, and \"pages\" declares "
                    + declared.size() + "; name your own \"entry\" (e.g. \"src/main.jsx\"), a module that renders the page of"
                    + " the current URL path (location.pathname) into #root");
        } else if (entry == null && primary != null && primary.source() != null && primary.component() != null) {
            mount = mount(primary.file(), primary.source(), primary.component(), problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSiteContractException(file, problems.stream().distinct().toList());
        }
        List<SiteContract.SitePage> pages = new ArrayList<>();
        pages.add(primary.toPage());
        declared.stream().filter(d -> d != primary).forEach(d -> pages.add(d.toPage()));
        return new SiteContract(siteRoot, name, title, mount == null ? entry : mount.path(), primary.file(), primary.component(),
                pages.get(0).sections(), brand, personas, goals, audiences, mount, pages);
    }

    /**
     * A page as read from {@code tailor.json}, before the whole contract is known.
     *
     * @param at       how error messages name where it is declared: {@code ""} for the single-page form's
     *                 top-level keys, {@code "pages"."/pricing".} for a page of {@code "pages"}
     * @param source   the page file's content, or null when it is missing
     * @param sections mutable: the brand marks its elements required
     */
    private record DeclaredPage(String path, String at, String file, String component, String source,
                                Map<String, SiteContract.SectionSpec> sections) {
        SiteContract.SitePage toPage() {
            return new SiteContract.SitePage(path, file, component, sections);
        }
    }

    /** A URL path Tailor can serve a page at: {@code /}, or segments of letters, digits, - and _ (no file extension). */
    private static final Pattern PAGE_PATH = Pattern.compile("/|(/[A-Za-z0-9_-]+)+");
    /** First path segments that are Tailor's own (see {@code build.ServedPaths}) and never a page of the site. */
    private static final Set<String> TAILOR_SEGMENTS = Set.of("api", "artifacts", "tailor", "_tailor", "dashboard", "healthz", "metrics");

    private List<DeclaredPage> declaredPages(JsonNode tree, Path siteRoot, List<String> problems) {
        List<DeclaredPage> declared = new ArrayList<>();
        for (String key : List.of("page", "component", "sections")) {
            if (tree.has(key)) {
                problems.add("\"" + key + "\" and \"pages\" are both set; with \"pages\", each page names its own \"page\","
                        + " \"component\" and \"sections\": move the top-level \"" + key + "\" into the page it belongs to"
                        + " (e.g. \"pages\": {\"/\": {...}}), or drop \"pages\" for a single page at /");
            }
        }
        JsonNode pages = tree.get("pages");
        String example = "{\"/\": {\"page\": \"src/pages/Home.jsx\", \"component\": \"Home\", \"sections\": {...}},"
                + " \"/pricing\": {\"page\": \"src/pages/Pricing.jsx\", \"component\": \"Pricing\", \"sections\": {...}}}";
        if (!pages.isObject() || pages.isEmpty()) {
            problems.add("\"pages\" must be a non-empty object of URL path → page, e.g. " + example + ", not " + pages);
            return declared;
        }
        Map<String, String> pathByFile = new LinkedHashMap<>();
        Map<String, String> pathByFileName = new LinkedHashMap<>();
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) pages::fields) {
            String path = field.getKey();
            String at = "\"pages\".\"" + path + "\".";
            if (!PAGE_PATH.matcher(path).matches()) {
                problems.add("\"pages\": \"" + path + "\" is not a path Tailor can serve a page at; write / or a path of"
                        + " letters, digits, - and _ segments without a trailing slash, query or file extension, e.g. /pricing"
                        + " or /plans/team (no parameters such as :id or *)");
            } else {
                String first = path.length() > 1 ? path.substring(1).split("/")[0] : "";
                if (TAILOR_SEGMENTS.contains(first)) {
                    problems.add("\"pages\": \"" + path + "\" is one of Tailor's own paths (/" + first + "/…); serve the page"
                            + " at another path");
                }
            }
            // a page at a bad path is still read, so that what the other keys say of its sections is checked against it
            if (!field.getValue().isObject()) {
                problems.add(at.substring(0, at.length() - 1) + " must be an object like {\"page\": \"src/pages/Pricing.jsx\","
                        + " \"component\": \"Pricing\", \"sections\": {...}}, not " + field.getValue());
                continue;
            }
            DeclaredPage page = declaredPage(path, at, field.getValue(), siteRoot, problems);
            if (page.file() != null) {
                String normalized = Path.of(page.file()).normalize().toString();
                String other = pathByFile.putIfAbsent(normalized, path);
                if (other != null) {
                    problems.add(at + "\"page\": " + page.file() + " is also the page at " + other + "; one file is one page:"
                            + " give each path its own component file, or declare the file once");
                } else {
                    String fileName = Path.of(normalized).getFileName().toString();
                    String sameName = pathByFileName.putIfAbsent(fileName, path);
                    if (sameName != null) {
                        problems.add(at + "\"page\": " + page.file() + " has the file name " + fileName + " of the page at "
                                + sameName + "; a variant keeps its pages side by side in one folder, so rename one of them");
                    }
                }
            }
            declared.add(page);
        }
        return declared;
    }

    /** One page's {@code page}, {@code component} and {@code sections}, under {@code node} (the top level or a page of "pages"). */
    private static DeclaredPage declaredPage(String path, String at, JsonNode node, Path siteRoot, List<String> problems) {
        String page = requiredText(node, at, "page", problems);
        String component = requiredText(node, at, "component", problems);
        String source = requireFile(siteRoot, at + "\"page\"", page, problems);
        if (component != null && !COMPONENT_NAME.matcher(component).matches()) {
            problems.add(at + "\"component\": \"" + component + "\" is not a React component name (letters and digits, starting upper-case)");
            component = null;
        }
        return new DeclaredPage(path, at, page, component, source, sections(node.get("sections"), at, problems));
    }

    /** A section on several pages (a shared header) is one section for the profile: its topics must agree. */
    private static void checkSharedSections(List<DeclaredPage> declared, List<String> problems) {
        Map<String, DeclaredPage> firstDeclared = new LinkedHashMap<>();
        for (DeclaredPage page : declared) {
            page.sections().forEach((section, spec) -> {
                DeclaredPage first = firstDeclared.putIfAbsent(section, page);
                if (first != null && !first.sections().get(section).topics().equals(spec.topics())) {
                    problems.add(page.at() + "\"sections\".\"" + section + "\": its topics " + spec.topics() + " differ from "
                            + first.at() + "\"sections\".\"" + section + "\" " + first.sections().get(section).topics()
                            + "; a section on several pages counts toward one interest, so give it the same topics on every page"
                            + " (or rename one of them)");
                }
            });
        }
    }

    /** What the page file must hold for its catalog: every section's element, the component, the sections in catalog order. */
    private void checkPageSource(DeclaredPage d, boolean mustExport, List<String> problems) {
        if (d.source() == null) {
            return;
        }
        for (String section : d.sections().keySet()) {
            if (!Pattern.compile("<" + Pattern.quote(section) + "[\\s/>]").matcher(d.source()).find()) {
                problems.add(d.at() + "\"sections\".\"" + section + "\": the page " + d.file() + " has no <" + section
                        + " /> element; remove it from the catalog or add it to the page");
            }
        }
        if (d.component() == null) {
            return;
        }
        if (!Pattern.compile("\\b" + Pattern.quote(d.component()) + "\\b").matcher(d.source()).find()) {
            problems.add(d.at() + "\"component\": the page " + d.file() + " does not define " + d.component());
            return;
        }
        if (mustExport) {
            try {
                Set<String> exports = ParsedPage.parse(swc4j, d.source()).exportNames();
                if (!exports.contains(d.component()) && !exports.contains("default")) {
                    problems.add(d.at() + "\"component\": " + d.file() + " defines " + d.component() + " but exports neither it nor"
                            + " a default; add \"export\" to " + d.component() + " (your entry imports it to render the page at "
                            + d.path() + ")");
                }
            } catch (JsxSyntaxException e) {
                problems.add(d.at() + "\"page\": " + d.file() + " does not parse at line " + e.line() + ": " + e.getMessage());
                return;
            }
        }
        checkSectionOrder(d.at(), d.file(), d.source(), d.component(), d.sections(), problems);
    }

    /**
     * {@code "sections"} is read as the page's order (see {@link SiteContract#sections()}; the Planner
     * keeps pinned sections and breaks ties by it), so the cataloged sections the page root renders
     * must be listed in the order the page renders them. A page that does not parse, or has no root
     * element, is left to the generator, which reports it with its location.
     */
    private void checkSectionOrder(String at, String page, String pageSource, String component,
                                   Map<String, SiteContract.SectionSpec> sections, List<String> problems) {
        ParsedPage parsed;
        try {
            parsed = ParsedPage.parse(swc4j, pageSource);
        } catch (JsxSyntaxException e) {
            return;
        }
        PageLayout.of(parsed, component).ifPresent(layout -> {
            List<String> rendered = layout.childNames().stream().filter(sections::containsKey).distinct().toList();
            List<String> listed = sections.keySet().stream().filter(rendered::contains).toList();
            if (!listed.equals(rendered)) {
                problems.add(at + "\"sections\" lists the page's sections in the order " + listed + ", but " + page
                        + " renders them in the order " + rendered + "; reorder the keys of " + at + "\"sections\" in "
                        + FILE_NAME + " to match the page (Tailor reads that order as the page's)");
            }
        });
    }

    /**
     * The optional {@code "personas"} key: persona → the site's topics its visitors should see first.
     * Every topic must lead (be the first topic of) a section that is not pinned, or it would
     * emphasize nothing.
     */
    private static Map<Persona, List<String>> personas(JsonNode node, Map<String, SiteContract.SectionSpec> sections,
                                                      List<String> problems) {
        Map<Persona, List<String>> personas = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return personas;
        }
        String known = Persona.assignable().stream().map(Persona::wire).collect(Collectors.joining(", "));
        if (!node.isObject()) {
            problems.add("\"personas\" must be an object of persona → list of topics, e.g. "
                    + "{\"data_focused\": [\"products\"]}, not " + node);
            return personas;
        }
        List<String> leading = new ArrayList<>();
        sections.values().forEach(spec -> {
            if (spec.pinned() == null && !spec.topics().isEmpty() && !leading.contains(spec.topics().get(0))) {
                leading.add(spec.topics().get(0));
            }
        });
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            String where = "\"personas\".\"" + field.getKey() + "\"";
            // "none" is no persona a site could serve: its visitors are not optimized for
            Persona persona = Persona.byWire(field.getKey()).filter(Persona.assignable()::contains).orElse(null);
            if (persona == null) {
                problems.add(where + ": unknown persona; Tailor's personas are " + known);
                continue;
            }
            JsonNode value = field.getValue();
            if (!value.isArray() || value.isEmpty()) {
                problems.add(where + " must be a non-empty list of topics, e.g. [\"" + (leading.isEmpty() ? "content" : leading.get(0))
                        + "\"], not " + value);
                continue;
            }
            List<String> topics = new ArrayList<>();
            for (JsonNode v : value) {
                if (!v.isTextual() || v.asText().isBlank()) {
                    problems.add(where + ": " + v + " is not a topic name");
                } else if (topics.contains(v.asText())) {
                    problems.add(where + ": topic \"" + v.asText() + "\" is listed twice");
                } else if (!leading.contains(v.asText())) {
                    problems.add(where + ": topic \"" + v.asText() + "\" is the first topic of no section Tailor may move,"
                            + " so it would emphasize nothing; use one of " + String.join(", ", leading));
                } else {
                    topics.add(v.asText());
                }
            }
            if (!topics.isEmpty()) {
                personas.put(persona, List.copyOf(topics));
            }
        }
        return personas;
    }

    /** The module that mounts a page whose site names no entry: it imports the component as the page exports it. */
    private SiteContract.MountModule mount(String page, String pageSource, String component, List<String> problems) {
        Set<String> exports;
        try {
            exports = ParsedPage.parse(swc4j, pageSource).exportNames();
        } catch (JsxSyntaxException e) {
            problems.add("\"page\": " + page + " does not parse, so Tailor cannot mount it: " + e.getMessage());
            return null;
        }
        if (exports.contains(component)) {
            return SiteContract.MountModule.of(page, component, false);
        }
        if (exports.contains("default")) {
            return SiteContract.MountModule.of(page, component, true);
        }
        problems.add("\"entry\" is absent, so Tailor mounts " + component + " from " + page + " itself, but the page exports"
                + " neither " + component + " nor a default; add \"export\" to " + component + ", or name your own \"entry\"");
        return null;
    }

    // --- site audiences (issue 12) -----------------------------------------------------------

    private static final Pattern CSS_CLASS = Pattern.compile("[A-Za-z_-][A-Za-z0-9_-]*");

    /**
     * The optional {@code "audiences"} key: the site's own audiences, in order (which breaks ties),
     * replacing the built-in personas. Each names the topics that define it, optional behaviour
     * bonuses and its plan; every focus topic must lead a section Tailor may move.
     */
    private static Map<SiteAudience, SiteContract.AudienceSpec> audiences(JsonNode node, Map<String, SiteContract.SectionSpec> sections,
                                                                         List<String> problems) {
        Map<SiteAudience, SiteContract.AudienceSpec> audiences = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return audiences;
        }
        String example = "{\"price_sensitive\": {\"topics\": [\"price\"], \"plan\": {\"name\": \"pricing_first\"}}}";
        if (!node.isObject() || node.isEmpty()) {
            problems.add("\"audiences\" must be a non-empty object of audience name → definition, e.g. " + example + ", not " + node);
            return audiences;
        }
        Set<String> topicsOnPage = new java.util.LinkedHashSet<>();
        List<String> leading = new ArrayList<>();
        sections.values().forEach(spec -> {
            topicsOnPage.addAll(spec.topics());
            if (spec.pinned() == null && !spec.topics().isEmpty() && !leading.contains(spec.topics().get(0))) {
                leading.add(spec.topics().get(0));
            }
        });
        Map<String, String> planOwners = new LinkedHashMap<>();
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            String where = "\"audiences\".\"" + field.getKey() + "\"";
            SiteAudience audience;
            try {
                audience = new SiteAudience(field.getKey());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
                continue;
            }
            JsonNode spec = field.getValue();
            if (!spec.isObject()) {
                problems.add(where + " must be an object like " + example.substring(example.indexOf(':') + 2, example.length() - 1));
                continue;
            }
            int before = problems.size();
            List<String> topics = stringList(spec.get("topics"), where + ".\"topics\"", problems, true);
            if (topics.isEmpty() && problems.size() == before) {
                problems.add(where + ".\"topics\" must name at least one topic");
            }
            for (String topic : topics) {
                if (!topicsOnPage.contains(topic)) {
                    problems.add(where + ".\"topics\": no section is about \"" + topic + "\", so no visitor could show interest in it;"
                            + " use one of " + String.join(", ", topicsOnPage));
                }
            }
            Map<SiteContract.Behaviour, Double> behaviour = behaviour(spec.get("behaviour"), where, problems);
            SiteContract.AudiencePlan plan = audiencePlan(spec.get("plan"), where, topics, leading, problems);
            if (plan != null) {
                String other = planOwners.putIfAbsent(plan.name(), audience.name());
                if (other != null) {
                    problems.add(where + ".\"plan\".\"name\": \"" + plan.name() + "\" is also the plan of " + other
                            + "; each audience's plan needs its own name (it names the variant)");
                }
            }
            if (problems.size() == before && plan != null) {
                audiences.put(audience, new SiteContract.AudienceSpec(topics, behaviour, plan));
            }
        }
        return audiences;
    }

    private static Map<SiteContract.Behaviour, Double> behaviour(JsonNode node, String where, List<String> problems) {
        Map<SiteContract.Behaviour, Double> out = new java.util.EnumMap<>(SiteContract.Behaviour.class);
        if (node == null || node.isNull()) {
            return out;
        }
        String known = SiteContract.Behaviour.accepted();
        if (!node.isObject()) {
            problems.add(where + ".\"behaviour\" must be an object of behaviour → bonus 0..1, e.g. {\"mobile\": 0.3}, not " + node);
            return out;
        }
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            String key = where + ".\"behaviour\".\"" + field.getKey() + "\"";
            SiteContract.Behaviour b = SiteContract.Behaviour.byWire(field.getKey()).orElse(null);
            if (b == null) {
                problems.add(key + ": unknown behaviour; Tailor knows " + known);
            } else if (!field.getValue().isNumber() || field.getValue().asDouble() < 0 || field.getValue().asDouble() > 1) {
                problems.add(key + " must be a bonus between 0 and 1, not " + field.getValue());
            } else {
                out.put(b, field.getValue().asDouble());
            }
        }
        return out;
    }

    private static SiteContract.AudiencePlan audiencePlan(JsonNode node, String where, List<String> topics, List<String> leading,
                                                          List<String> problems) {
        String at = where + ".\"plan\"";
        if (node == null || node.isNull() || !node.isObject()) {
            problems.add((node == null || node.isNull() ? "missing key " + at : at + " must be an object, not " + node)
                    + ": {\"name\": \"pricing_first\", \"focus\": [\"price\"], \"simplify\": false, \"layoutClass\": \"pricing-first\"}"
                    + " (only \"name\" is required; focus defaults to the audience's topics)");
            return null;
        }
        JsonNode nameNode = node.get("name");
        String name = null;
        if (nameNode == null || !nameNode.isTextual() || !SiteAudience.NAME.matcher(nameNode.asText()).matches()) {
            problems.add(at + ".\"name\" must be 1–40 of a-z 0-9 _, starting with a letter (it names the variant's folder), not "
                    + (nameNode == null ? "nothing" : nameNode));
        } else {
            name = nameNode.asText();
        }
        List<String> focus = node.has("focus") ? stringList(node.get("focus"), at + ".\"focus\"", problems, true) : topics;
        for (String topic : focus) {
            if (!leading.contains(topic)) {
                problems.add(at + ".\"focus\": \"" + topic + "\" is the first topic of no section Tailor may move, so the plan"
                        + " would emphasize nothing; use one of " + String.join(", ", leading)
                        + (node.has("focus") ? "" : " (set \"focus\" when the audience's topics are not those)"));
            }
        }
        JsonNode simplify = node.get("simplify");
        if (simplify != null && !simplify.isBoolean()) {
            problems.add(at + ".\"simplify\" must be true or false, not " + simplify);
        }
        JsonNode layout = node.get("layoutClass");
        String layoutClass = null;
        if (layout != null && !layout.isNull()) {
            if (!layout.isTextual() || !CSS_CLASS.matcher(layout.asText()).matches()) {
                problems.add(at + ".\"layoutClass\" must be one CSS class name your site styles (e.g. \"pricing-first\"), or absent"
                        + " for none, not " + layout);
            } else {
                layoutClass = layout.asText();
            }
        }
        return name == null || focus.isEmpty() ? null
                : new SiteContract.AudiencePlan(name, focus, simplify != null && simplify.asBoolean(), layoutClass);
    }

    private static String requiredText(JsonNode tree, String key, List<String> problems) {
        return requiredText(tree, "", key, problems);
    }

    /** @param at the prefix that names where {@code tree} is, e.g. {@code "pages"."/pricing".}, or "" */
    private static String requiredText(JsonNode tree, String at, String key, List<String> problems) {
        JsonNode node = tree.get(key);
        if (node == null || node.isNull()) {
            problems.add("missing key " + at + "\"" + key + "\"");
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(at + "\"" + key + "\" must be a non-empty string, not " + node);
            return null;
        }
        return node.asText();
    }

    /**
     * The file's content, or null (with a problem recorded) when it is not a file under the root.
     *
     * @param key how messages name the key, quoted, e.g. {@code "page"} or {@code "pages"."/pricing"."page"}
     */
    private static String requireFile(Path root, String key, String relative, List<String> problems) {
        if (relative == null) {
            return null;
        }
        Path path = root.resolve(relative).normalize();
        if (!path.startsWith(root.normalize())) {
            problems.add(key + ": " + relative + " points outside the site root " + root);
            return null;
        }
        if (!Files.isRegularFile(path)) {
            problems.add(key + ": file " + relative + " does not exist (looked for " + path.toAbsolutePath() + ")");
            return null;
        }
        try {
            return Files.readString(path);
        } catch (IOException e) {
            problems.add(key + ": cannot read " + path + ": " + e.getMessage());
            return null;
        }
    }

    private static Map<String, SiteContract.SectionSpec> sections(JsonNode node, String at, List<String> problems) {
        Map<String, SiteContract.SectionSpec> sections = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            problems.add("missing key " + at + "\"sections\": map each section component on the page to {\"topics\": [...], \"required\": false, \"props\": {}}");
            return sections;
        }
        if (!node.isObject() || node.isEmpty()) {
            problems.add(at + "\"sections\" must be a non-empty object of section name → spec");
            return sections;
        }
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            String name = field.getKey();
            String where = at + "\"sections\".\"" + name + "\"";
            JsonNode spec = field.getValue();
            if (!COMPONENT_NAME.matcher(name).matches()) {
                problems.add(where + ": section names must be React component identifiers (e.g. \"Hero\"), starting upper-case");
            }
            if (!spec.isObject()) {
                problems.add(where + " must be an object like {\"topics\": [\"content\"], \"props\": {}}");
                continue;
            }
            List<String> topics = stringList(spec.get("topics"), where + ".\"topics\"", problems, true);
            JsonNode required = spec.get("required");
            if (required != null && !required.isBoolean()) {
                problems.add(where + ".\"required\" must be true or false, not " + required);
            }
            String pinned = null;
            JsonNode pinnedNode = spec.get("pinned");
            if (pinnedNode != null && !pinnedNode.isNull()) {
                if (!pinnedNode.isTextual() || !PINNED.contains(pinnedNode.asText())) {
                    problems.add(where + ".\"pinned\" must be \"top\", \"bottom\" or absent, not " + pinnedNode);
                } else {
                    pinned = pinnedNode.asText();
                }
            }
            sections.put(name, new SiteContract.SectionSpec(topics, required != null && required.asBoolean(false),
                    pinned, props(spec.get("props"), where, problems), aliases(spec.get("aliases"), where, problems)));
        }
        checkTrackedNamesAreUnique(sections, problems);
        return sections;
    }

    // --- section aliases (issue 12): the data-section names a site's markup uses ---------------

    /** What a tracked section name may look like: the event parser's token charset. */
    private static final Pattern TRACKED_NAME = Pattern.compile("[A-Za-z0-9_.:/-]{1,128}");

    private static List<String> aliases(JsonNode node, String where, List<String> problems) {
        List<String> aliases = stringList(node, where + ".\"aliases\"", problems, false);
        List<String> ok = new ArrayList<>();
        for (String alias : aliases) {
            if (!TRACKED_NAME.matcher(alias).matches()) {
                problems.add(where + ".\"aliases\": \"" + alias + "\" cannot be a data-section name the tracker reports;"
                        + " use 1–128 of A-Z a-z 0-9 _ . : / - (e.g. \"pricing\", \"site-header\")");
            } else if (!ok.contains(alias)) {
                ok.add(alias);
            }
        }
        return ok;
    }

    /** A tracked name (derived or alias) that would map to two sections makes their seconds ambiguous. */
    private static void checkTrackedNamesAreUnique(Map<String, SiteContract.SectionSpec> sections, List<String> problems) {
        Map<String, String> owner = new LinkedHashMap<>();
        sections.forEach((component, spec) -> {
            for (String name : SiteContract.derivedNames(component)) {
                owner.putIfAbsent(name, component);
            }
        });
        sections.forEach((component, spec) -> {
            for (String alias : spec.aliases()) {
                String other = owner.putIfAbsent(alias, component);
                if (other != null && !other.equals(component)) {
                    problems.add("\"sections\".\"" + component + "\".\"aliases\": \"" + alias + "\" already names section "
                            + other + "; a data-section name must map to one section: remove it from one of them");
                }
            }
        });
    }

    private static Map<String, List<Object>> props(JsonNode node, String where, List<String> problems) {
        Map<String, List<Object>> props = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            problems.add(where + ".\"props\" must be an object of prop name → list of allowed values, not " + node);
            return Map.of();
        }
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            String prop = where + ".\"props\".\"" + field.getKey() + "\"";
            JsonNode values = field.getValue();
            if (!values.isArray() || values.isEmpty()) {
                problems.add(prop + " must be a non-empty list of allowed values, e.g. [false, true], not " + values);
                continue;
            }
            List<Object> allowed = new ArrayList<>();
            for (JsonNode v : values) {
                if (v.isTextual()) {
                    allowed.add(v.asText());
                } else if (v.isBoolean()) {
                    allowed.add(v.asBoolean());
                } else if (v.isIntegralNumber()) {
                    allowed.add(v.asLong() == v.asInt() ? (Object) v.asInt() : (Object) v.asLong());
                } else if (v.isNumber()) {
                    allowed.add(v.asDouble());
                } else {
                    problems.add(prop + ": allowed values must be strings, booleans or numbers, not " + v);
                }
            }
            props.put(field.getKey(), List.copyOf(allowed));
        }
        return Collections.unmodifiableMap(props);
    }

    private static SiteContract.Brand brand(JsonNode node, Map<String, SiteContract.SectionSpec> sections, List<String> problems) {
        if (node == null || node.isNull()) {
            problems.add("missing key \"brand\": {\"palette\": [\"#hex\", ...], \"fonts\": [...], \"requiredElements\": [...], \"allowedOrigins\": [...]}");
            return new SiteContract.Brand(List.of(), List.of(), List.of(), List.of());
        }
        if (!node.isObject()) {
            problems.add("\"brand\" must be an object, not " + node);
            return new SiteContract.Brand(List.of(), List.of(), List.of(), List.of());
        }
        List<String> palette = stringList(node.get("palette"), "\"brand\".\"palette\"", problems, true);
        for (String colour : palette) {
            if (!HEX_COLOUR.matcher(colour).matches()) {
                problems.add("\"brand\".\"palette\": " + colour + " is not a CSS hex colour like #4f46e5");
            }
        }
        List<String> fonts = stringList(node.get("fonts"), "\"brand\".\"fonts\"", problems, true);
        List<String> requiredElements = stringList(node.get("requiredElements"), "\"brand\".\"requiredElements\"", problems, false);
        for (String element : requiredElements) {
            if (COMPONENT_NAME.matcher(element).matches() && !sections.containsKey(element)) {
                problems.add("\"brand\".\"requiredElements\": " + element
                        + " has no entry in \"sections\"; add it there with \"required\": true");
            }
        }
        List<String> origins = stringList(node.get("allowedOrigins"), "\"brand\".\"allowedOrigins\"", problems, false);
        for (String origin : origins) {
            if (!ORIGIN.matcher(origin).matches()) {
                problems.add("\"brand\".\"allowedOrigins\": " + origin
                        + " is not an origin; write scheme and host only, e.g. https://docs.acme.example");
            }
        }
        return new SiteContract.Brand(palette, fonts, requiredElements, origins);
    }

    private static List<String> stringList(JsonNode node, String where, List<String> problems, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                problems.add("missing key " + where + " (a list of strings)");
            }
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(where + " must be a list of strings, not " + node);
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (JsonNode v : node) {
            if (!v.isTextual()) {
                problems.add(where + ": " + v + " is not a string");
            } else {
                values.add(v.asText());
            }
        }
        return List.copyOf(values);
    }

    // ---- "metrics": the experiment block (issue 10) ----

    private static final Pattern GOAL_NAME = Pattern.compile("[A-Za-z0-9_.:/-]{1,128}");
    private static final Set<String> BUILT_IN_METRICS = Set.of("any_goal", "js_errors", "render_fallbacks", "bounce");

    /**
     * {@code "metrics": {"goals": ["signup", "add_to_cart"], "primary": "signup", "guardrails": ["unsubscribe"]}}:
     * every key optional; without the block (or without "primary") rollouts are judged on any goal.
     */
    private static SiteContract.Goals goals(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return SiteContract.Goals.ANY;
        }
        if (!node.isObject()) {
            problems.add("\"metrics\" must be an object, e.g. {\"goals\": [\"signup\"], \"primary\": \"signup\"}");
            return SiteContract.Goals.ANY;
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!Set.of("goals", "primary", "guardrails").contains(key)) {
                problems.add("\"metrics\".\"" + key + "\" is not a setting; expected goals, primary or guardrails");
            }
        });
        List<String> names = goalNames(node.get("goals"), "goals", problems);
        List<String> guardrails = goalNames(node.get("guardrails"), "guardrails", problems);
        String primary = null;
        JsonNode p = node.get("primary");
        if (p != null && !p.isNull()) {
            if (!p.isTextual() || !names.contains(p.asText())) {
                problems.add("\"metrics\".\"primary\" must be one of \"metrics\".\"goals\" " + names
                        + ", not " + p + "; leave it out to judge rollouts on any goal");
            } else {
                primary = p.asText();
            }
        }
        for (String g : guardrails) {
            if (names.contains(g)) {
                problems.add("\"metrics\": \"" + g + "\" is both a goal and a guardrail; a rise of it cannot be both good and harm");
            }
        }
        return new SiteContract.Goals(names, primary, guardrails);
    }

    private static List<String> goalNames(JsonNode node, String key, List<String> problems) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            problems.add("\"metrics\".\"" + key + "\" must be an array of goal names (the pages' data-goal values)");
            return out;
        }
        for (JsonNode g : node) {
            String name = g.isTextual() ? g.asText() : null;
            if (name == null || !GOAL_NAME.matcher(name).matches()) {
                problems.add("\"metrics\".\"" + key + "\": " + g + " is not a goal name (1-128 of letters, digits and _ . : / -)");
            } else if (BUILT_IN_METRICS.contains(name)) {
                problems.add("\"metrics\".\"" + key + "\": \"" + name + "\" is a built-in metric's name; name the goal otherwise");
            } else if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }
}
