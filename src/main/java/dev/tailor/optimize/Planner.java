package dev.tailor.optimize;

import dev.tailor.config.SiteContract.SectionSpec;
import dev.tailor.config.SiteContract;
import dev.tailor.plan.Plan;
import dev.tailor.plan.PlanHasher;
import dev.tailor.profile.PersonaClassifier;
import dev.tailor.profile.Profile;
import dev.tailor.visitor.Persona;
import dev.tailor.visitor.SiteAudience;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Profile → plan, deterministically, for any site that follows the contract, by its
 * configuration alone.
 *
 * <p><b>Focus topics.</b> A persona is served by some of the site's topics:
 * <ol>
 *   <li>the site's own mapping, {@code "personas": {"data_focused": ["products"], …}} in
 *       {@code tailor.json}, when it has one for the persona;</li>
 *   <li>else the persona's standard topic (data_focused → analytics, content_explorer → content,
 *       quick_decider → cta) when some section the planner may move leads with it;</li>
 *   <li>else the visitor's strongest interest among the topics that lead such a section (ties: the
 *       topic that appears first on the page).</li>
 * </ol>
 *
 * <p><b>The plan.</b> Sections whose first topic is a focus topic move to the top (after sections
 * pinned there), ordered by the visitor's preference for the section's first topic; sections of
 * equal interest keep their page order (so visitors of one persona mostly share one variant). Their props take the emphasized
 * value — by the contract's convention the first allowed value is the original's and the last
 * the emphasized one ({@code position: ["default","hero"]} → hero). A quick decider also loses
 * every optional section outside the focus, for a short page. The same profile always gives the
 * same plan; {@link PlanHasher} gives it a canonical hash.
 */
public final class Planner {

    /**
     * What a persona's plan looks like, whatever topics it focuses on.
     *
     * @param standardTopic the topic the persona is about on a site that does not say otherwise
     * @param nameFormat    the plan's name; {@code %s} is the first focus topic
     * @param targetFormat  what the plan optimizes for; {@code %s} is the first focus topic
     * @param simplify      hide every optional section outside the focus
     */
    private record Style(String standardTopic, String nameFormat, String targetFormat, boolean simplify) {
    }

    private static final Map<Persona, Style> STYLE_BY_PERSONA = Map.of(
            Persona.DATA_FOCUSED, new Style(PersonaClassifier.STANDARD_TOPICS.get(Persona.DATA_FOCUSED), "%s_prominent", "%s_visibility", false),
            Persona.CONTENT_EXPLORER, new Style(PersonaClassifier.STANDARD_TOPICS.get(Persona.CONTENT_EXPLORER), "%s_rich", "%s_depth", false),
            Persona.QUICK_DECIDER, new Style(PersonaClassifier.STANDARD_TOPICS.get(Persona.QUICK_DECIDER), "simplified_flow", "conversion_speed", true));

    private final java.util.function.Predicate<String> rootTakesClass;

    /** A planner for pages whose root elements can be given a layout class. */
    public Planner() {
        this(true);
    }

    /**
     * @param rootTakesClass whether the pages' root elements can be given a layout class
     *                       ({@code PageLayout.whyNoLayoutClass}); when not, plans carry none
     */
    public Planner(boolean rootTakesClass) {
        this(path -> rootTakesClass);
    }

    /**
     * @param rootTakesClass by a page's URL path, whether its root element can be given a layout class;
     *                       a plan gives none to a page whose root cannot take one
     */
    public Planner(java.util.function.Predicate<String> rootTakesClass) {
        this.rootTakesClass = rootTakesClass;
    }

    /** The topics a plan focuses on and, in words, why those. */
    record Focus(List<String> topics, String why) {
    }

    /** A plan for the visitor, or empty when the profile has no persona or the site has nothing to emphasize for it. */
    public Optional<Plan> plan(Profile profile, SiteContract site) {
        return plan(profile, site, true);
    }

    /**
     * The plan as {@link #plan} makes it, with its name and layout but without its reasons (an empty
     * list): enough for the trigger to judge the plan ({@link PlanHasher} ignores reasons), which it does
     * on every event, while the reasons, worded from the profile's figures, are written only for a job.
     */
    public Optional<Plan> layoutOnly(Profile profile, SiteContract site) {
        return plan(profile, site, false);
    }

    private Optional<Plan> plan(Profile profile, SiteContract site, boolean withReasons) {
        if (profile.persona() instanceof SiteAudience audience) {
            SiteContract.AudienceSpec spec = site.audiences().get(audience);
            if (spec == null) {
                return Optional.empty(); // a profile from before the site changed its audiences
            }
            SiteContract.AudiencePlan plan = spec.plan();
            String topic = identifier(plan.focus().get(0));
            return layout(profile, site, new Focus(plan.focus(), "the site's audience " + audience + " gets plan " + plan.name()
                    + ", focused on " + String.join(", ", plan.focus())), plan.simplify(), plan.name(),
                    plan.simplify() ? "conversion_speed" : topic + "_visibility", plan.layoutClass(), withReasons);
        }
        Style style = STYLE_BY_PERSONA.get(profile.persona());
        if (style == null) {
            return Optional.empty();
        }
        Optional<Focus> chosen = focus(profile, site, style);
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        String topic = identifier(chosen.get().topics().get(0));
        // a plain replace, not String.format: the trigger names a plan on every stored event, and each format has one %s
        String name = style.nameFormat().replace("%s", topic);
        // the class is named after the site's own plan (pricing-prominent on a store), not after the demo's
        return layout(profile, site, chosen.get(), style.simplify(), name,
                style.targetFormat().replace("%s", topic), cssClass(name), withReasons);
    }

    /**
     * The plan that moves the focus's sections to the top of every page that has some (and, simplified,
     * hides the optional others there); a page without any is left as it is. Empty when no page has one.
     */
    private Optional<Plan> layout(Profile profile, SiteContract site, Focus focus, boolean simplify, String planName,
                                  String target, String layoutClass, boolean withReasons) {
        Map<String, PageOutcome> outcomes = new LinkedHashMap<>();
        for (SiteContract.SitePage page : site.pages()) {
            pageLayout(profile, page, focus, simplify, rootTakesClass.test(page.path()) ? layoutClass : null)
                    .ifPresent(outcome -> outcomes.put(page.path(), outcome));
        }
        if (outcomes.isEmpty()) {
            return Optional.empty();
        }
        SiteContract.SitePage primary = site.primaryPage();
        PageOutcome first = outcomes.get(primary.path());
        Plan.PagePlan primaryPlan = first != null ? first.plan()
                : new Plan.PagePlan(List.copyOf(primary.sections().keySet()), List.of(), Map.of(), null);
        Map<String, Plan.PagePlan> others = new LinkedHashMap<>();
        outcomes.forEach((path, outcome) -> {
            if (!path.equals(primary.path())) {
                others.put(path, outcome.plan());
            }
        });
        return Optional.of(new Plan(planName, target, primaryPlan.order(), primaryPlan.hidden(), primaryPlan.props(),
                primaryPlan.layoutClass(), withReasons ? reasons(profile, site, focus, outcomes) : List.of(), others));
    }

    /**
     * What a plan does to one page, which of its sections it moves to the top for the focus, and their
     * emphasized props in that order (for the reasons).
     */
    private record PageOutcome(Plan.PagePlan plan, List<String> focused, Map<String, Map<String, Object>> emphasized) {
    }

    /** One page's layout for the focus, or empty when none of its sections leads with a focus topic. */
    private static Optional<PageOutcome> pageLayout(Profile profile, SiteContract.SitePage page, Focus focus, boolean simplify,
                                                    String layoutClass) {
        List<String> top = new ArrayList<>();
        List<String> focused = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        List<String> bottom = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        Map<String, SectionSpec> sections = page.sections();
        sections.forEach((name, spec) -> {
            if ("top".equals(spec.pinned())) {
                top.add(name);
            } else if ("bottom".equals(spec.pinned())) {
                bottom.add(name);
            } else if (leadsWith(spec, focus.topics())) {
                focused.add(name);
            } else if (simplify && !spec.required()) {
                hidden.add(name);
            } else {
                rest.add(name);
            }
        });
        if (focused.isEmpty()) {
            return Optional.empty();
        }
        List<String> pageOrder = List.copyOf(sections.keySet());
        focused.sort(Comparator
                .comparingDouble((String s) -> -profile.preference(sections.get(s).topics().get(0)))
                .thenComparingInt(pageOrder::indexOf));
        Map<String, Map<String, Object>> props = new LinkedHashMap<>();
        for (String name : focused) {
            Map<String, Object> emphasized = emphasizedProps(sections.get(name));
            if (!emphasized.isEmpty()) {
                props.put(name, emphasized);
            }
        }
        List<String> order = new ArrayList<>(top);
        order.addAll(focused);
        order.addAll(rest);
        order.addAll(bottom);
        return Optional.of(new PageOutcome(new Plan.PagePlan(order, hidden, props, layoutClass), List.copyOf(focused),
                java.util.Collections.unmodifiableMap(props)));
    }

    /** Which of the site's topics the persona's visitors should see first, and why; empty when none fits. */
    private static Optional<Focus> focus(Profile profile, SiteContract site, Style style) {
        List<String> configured = site.personas().get(profile.persona());
        if (configured != null && !configured.isEmpty()) {
            return Optional.of(new Focus(configured, "the site maps " + profile.persona() + " to "
                    + String.join(", ", configured)));
        }
        List<String> movable = site.primaryTopics();
        if (movable.contains(style.standardTopic())) {
            return Optional.of(new Focus(List.of(style.standardTopic()), profile.persona() + " visitors see "
                    + style.standardTopic() + " first (Tailor's default; the site sets no \"personas\")"));
        }
        String best = null;
        for (String topic : movable) { // page order: the first of equals wins
            if (profile.preference(topic) > 0 && (best == null || profile.preference(topic) > profile.preference(best))) {
                best = topic;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(new Focus(List.of(best), String.format(Locale.ROOT,
                "the site has no %s sections and sets no \"personas\": %s is this visitor's strongest interest (%.2f)",
                style.standardTopic(), best, profile.preference(best))));
    }

    private static boolean leadsWith(SectionSpec spec, List<String> topics) {
        return !spec.topics().isEmpty() && topics.contains(spec.topics().get(0));
    }

    private static Map<String, Object> emphasizedProps(SectionSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        spec.props().forEach((prop, values) -> {
            if (!values.isEmpty()) {
                out.put(prop, values.get(values.size() - 1));
            }
        });
        return out;
    }

    /** {@code social-proof} → {@code social_proof}: plan names become folder names and DNS labels. */
    /** {@code pricing_prominent} → {@code pricing-prominent}; a class cannot start with a digit. */
    private static String cssClass(String planName) {
        String name = planName.replace('_', '-');
        return Character.isDigit(name.charAt(0)) ? "plan-" + name : name;
    }

    private static final java.util.regex.Pattern NOT_IDENTIFIER = java.util.regex.Pattern.compile("[^a-z0-9]+");
    private static final java.util.regex.Pattern EDGE_UNDERSCORES = java.util.regex.Pattern.compile("^_+|_+$");

    /** Topics come from the site's contract (a handful), and the trigger asks on every stored event: each worded once. */
    private static final Map<String, String> IDENTIFIERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String identifier(String topic) {
        return IDENTIFIERS.computeIfAbsent(topic, t -> {
            String id = EDGE_UNDERSCORES.matcher(NOT_IDENTIFIER.matcher(t.toLowerCase(Locale.ROOT)).replaceAll("_")).replaceAll("");
            return id.isEmpty() ? "topic" : id;
        });
    }

    /**
     * The plan as a shared variant keeps it (in git, in {@code deployment.json}): the reasons
     * without what only the visitor's profile said — its explanation, confidence and preference
     * figures — so that nothing there identifies the visitor whose profile made it, and erasing
     * them leaves nothing behind in the repository's history. The wording is {@link #reasons}'s.
     */
    public static Plan shared(Plan plan) {
        List<String> kept = plan.reasons().stream()
                .filter(r -> !PROFILE_REASON.matcher(r).matches())
                .map(r -> CONFIDENCE.matcher(r).replaceAll(""))
                .map(r -> STRONGER_FIRST.matcher(r).replaceAll(", the visitor's stronger interest first"))
                .toList();
        return new Plan(plan.name(), plan.target(), plan.order(), plan.hidden(), plan.props(), plan.layoutClass(), kept,
                plan.otherPages());
    }

    private static final java.util.regex.Pattern PROFILE_REASON = java.util.regex.Pattern.compile("\\S+_preference \\d+\\.\\d+: .*",
            java.util.regex.Pattern.DOTALL);
    private static final java.util.regex.Pattern CONFIDENCE = java.util.regex.Pattern.compile(" with confidence \\d+\\.\\d+");
    private static final java.util.regex.Pattern STRONGER_FIRST = java.util.regex.Pattern.compile(
            ", the visitor's stronger interest first \\(.*\\)$");

    private static List<String> reasons(Profile profile, SiteContract site, Focus focus, Map<String, PageOutcome> pages) {
        List<String> reasons = new ArrayList<>();
        String topic = focus.topics().get(0);
        reasons.add(String.format(Locale.ROOT, "%s_preference %.2f: %s", topic, profile.preference(topic),
                profile.explanation()));
        reasons.add(String.format(Locale.ROOT, "%s %s with confidence %.2f", profile.persona() instanceof Persona ? "persona" : "audience",
                profile.persona(), profile.confidence()));
        reasons.add(focus.why());
        // a single-page site's reasons name no page, as they always did
        boolean namePages = site.pages().size() > 1;
        pages.forEach((path, outcome) -> {
            String on = namePages ? " on " + path : "";
            String moves = "moves " + String.join(", ", outcome.focused()) + " to the top" + on;
            if (focus.topics().size() > 1) {
                moves += ", the visitor's stronger interest first (" + focus.topics().stream()
                        .sorted(Comparator.comparingDouble((String t) -> -profile.preference(t))
                                .thenComparingInt(focus.topics()::indexOf))
                        .map(t -> String.format(Locale.ROOT, "%s %.2f", t, profile.preference(t)))
                        .collect(Collectors.joining(", ")) + ")";
            }
            reasons.add(moves);
            Map<String, Map<String, Object>> props = outcome.emphasized();
            if (!props.isEmpty()) {
                reasons.add("emphasizes " + props.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue().entrySet().stream()
                                .map(p -> p.getKey() + "=" + p.getValue()).collect(Collectors.joining(" ")))
                        .collect(Collectors.joining(", ")) + on);
            }
            if (!outcome.plan().hidden().isEmpty()) {
                reasons.add("hides " + String.join(", ", outcome.plan().hidden()) + on + " for a shorter page");
            }
        });
        return reasons;
    }
}
