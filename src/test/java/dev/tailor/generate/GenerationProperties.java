package dev.tailor.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.generate.validate.ValidationFinding;
import dev.tailor.generate.validate.VariantValidator;
import dev.tailor.config.SiteContract.SectionSpec;
import dev.tailor.config.SiteContract;
import dev.tailor.page.JsxSyntaxException;
import dev.tailor.page.PageLayout;
import dev.tailor.page.ParsedPage;
import dev.tailor.plan.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class GenerationProperties {
    private static final LocalAstGenerator GENERATOR = new LocalAstGenerator(Fixtures.SWC4J);
    private static final VariantValidator VALIDATOR = new VariantValidator(Fixtures.SWC4J);
    private static final List<SiteContract> SITES = List.of(Fixtures.site("acme"), Fixtures.site("landing"));

    record Case(SiteContract site, Plan plan) {
    }

    @Property(tries = 300)
    void everyValidPlanGivesAValidVariantWithExactlyThePlannedSections(@ForAll("validPlans") Case c) throws Exception {
        String original = Fixtures.page(c.site());
        String variant = GENERATOR.generate(c.site(), original, c.plan()).code();

        assertThat(VALIDATOR.validate(c.site(), original, variant, c.plan())).isEmpty();
        ParsedPage reparsed = ParsedPage.parse(Fixtures.SWC4J, variant);
        List<String> sections = PageLayout.of(reparsed, c.site().component()).orElseThrow().childNames().stream()
                .filter(c.site().sections()::containsKey).toList();
        assertThat(sections).isEqualTo(c.plan().order());
    }

    @Property(tries = 300)
    void everyRuleBreakingMutationOfAValidVariantIsCaught(@ForAll("validPlans") Case c,
                                                          @ForAll("mutations") Mutation mutation) throws Exception {
        String original = Fixtures.page(c.site());
        String variant = GENERATOR.generate(c.site(), original, c.plan()).code();
        // the original is a valid variant of the plan that keeps its order
        Assume.that(mutation != Mutation.KEEP_ORIGINAL_ORDER || !c.plan().order().equals(Fixtures.asIs(c.site()).order()));
        String broken = mutation.apply(c.site(), c.plan(), variant);

        assertThat(VALIDATOR.validate(c.site(), original, broken, c.plan()))
                .extracting(ValidationFinding::rule)
                .as("mutation %s of\n%s", mutation, broken)
                .contains(mutation.rule);
    }

    enum Mutation {
        INJECT_INNER_HTML("unsafe-html"), DROP_REQUIRED_SECTION("required-section"), DISALLOWED_URL("external-origin"),
        OFF_PALETTE_COLOUR("off-palette-colour"), UNKNOWN_COMPONENT("unknown-component"), EVAL("unsafe-eval"),
        BAD_PROP_VALUE("prop-value"), SCRIPT("unsafe-element"), INLINE_HANDLER("inline-handler"),
        JAVASCRIPT_URL("unsafe-url"), OFF_BRAND_FONT("off-brand-font"), DROP_EXPORT("exports"),
        ADD_IMPORT("imports"), CHANGE_IMPORT("imports"), DYNAMIC_IMPORT("imports"), REQUIRE("imports"),
        SPREAD_INNER_HTML("unsafe-html"), SPREAD_INLINE_HANDLER("inline-handler"),
        INDIRECT_EVAL("unsafe-eval"), MEMBER_EVAL("unsafe-eval"), GLOBAL_FUNCTION("unsafe-eval"),
        CONSTRUCTOR_CALL("unsafe-eval"), STRING_TIMER("unsafe-eval"),
        CONCATENATED_HREF("url-expression"), CONCATENATED_SRC("url-expression"),
        KEEP_ORIGINAL_ORDER("plan-mismatch"), SWAP_TWO_SECTIONS("plan-mismatch");

        final String rule;

        Mutation(String rule) {
            this.rule = rule;
        }

        String apply(SiteContract site, Plan plan, String variant) {
            String first = plan.order().get(0);
            String anchor = "<" + first + " />";
            return switch (this) {
                case INJECT_INNER_HTML -> variant.replace(anchor, anchor + "<div dangerouslySetInnerHTML={{__html: x}} />");
                case DROP_REQUIRED_SECTION -> withoutLastSection(site, variant);
                case DISALLOWED_URL -> variant.replace(anchor, anchor + "<a href=\"https://tracker.evil.example/p\">x</a>");
                case OFF_PALETTE_COLOUR -> variant.replace(anchor, anchor + "<p style={{color: \"#123456\"}}>x</p>");
                case UNKNOWN_COMPONENT -> variant.replace(anchor, anchor + "<SpinToWin />");
                case EVAL -> variant.replace(anchor, anchor + "{eval(\"1\")}");
                case BAD_PROP_VALUE -> variant.replace(anchor, anchor.replace(" />", " experimental=\"yes\" />"));
                case SCRIPT -> variant.replace(anchor, anchor + "<script>{\"x\"}</script>");
                case INLINE_HANDLER -> variant.replace(anchor, anchor + "<button onClick=\"go()\">Go</button>");
                case JAVASCRIPT_URL -> variant.replace(anchor, anchor + "<a href=\"javascript:void(0)\">x</a>");
                case OFF_BRAND_FONT -> variant.replace(anchor, anchor + "<p style={{fontFamily: \"Papyrus\"}}>x</p>");
                case DROP_EXPORT -> variant.replace("export default ", "");
                case ADD_IMPORT -> "import cfg from \"/etc/whatever.json\";\n" + variant;
                case CHANGE_IMPORT -> variant.replaceFirst("from \"\\./", "from \"/tmp/x/");
                case DYNAMIC_IMPORT -> variant.replace(anchor, anchor + "{import(\"/etc/whatever.json\") && null}");
                case REQUIRE -> variant.replace(anchor, anchor + "{require(\"/etc/whatever.json\").a}");
                case SPREAD_INNER_HTML -> variant.replace(anchor, anchor
                        + "<div {...{dangerouslySetInnerHTML: {__html: window.a}}} />");
                case SPREAD_INLINE_HANDLER -> variant.replace(anchor, anchor + "<button {...{onClick: \"go()\"}}>Go</button>");
                case INDIRECT_EVAL -> variant.replace(anchor, anchor + "{(0, globalThis.eval)(\"1\")}");
                case MEMBER_EVAL -> variant.replace(anchor, anchor + "{window.eval(\"1\")}");
                case GLOBAL_FUNCTION -> variant.replace(anchor, anchor + "{globalThis.Function(\"return 1\")()}");
                case CONSTRUCTOR_CALL -> variant.replace(anchor, anchor + "{window.x.constructor(\"code\")}");
                case STRING_TIMER -> variant.replace(anchor, anchor + "{setTimeout(\"go()\", 0) && null}");
                case CONCATENATED_HREF -> variant.replace(anchor, anchor + "<a href={\"java\" + \"script:alert(1)\"}>x</a>");
                case CONCATENATED_SRC -> variant.replace(anchor, anchor + "<img src={\"https:/\" + \"/evil.example/p.gif\"} />");
                case KEEP_ORIGINAL_ORDER -> original(site);
                case SWAP_TWO_SECTIONS -> swapFirstTwoSections(site, variant);
            };
        }
    }

    private static String original(SiteContract site) {
        return Fixtures.page(site);
    }

    /** Swaps the first two sections of the root along their spans: the order no longer follows the plan. */
    private static String swapFirstTwoSections(SiteContract site, String variant) {
        try {
            ParsedPage page = ParsedPage.parse(Fixtures.SWC4J, variant);
            List<PageLayout.Child> children = PageLayout.of(page, site.component()).orElseThrow().children();
            var a = children.get(0).element();
            var b = children.get(1).element();
            return variant.substring(0, page.start(a)) + page.text(b) + variant.substring(page.end(a), page.start(b))
                    + page.text(a) + variant.substring(page.end(b));
        } catch (JsxSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cuts the last planned section (pinned to the bottom, hence required) out along its span. */
    private static String withoutLastSection(SiteContract site, String variant) {
        try {
            ParsedPage page = ParsedPage.parse(Fixtures.SWC4J, variant);
            List<PageLayout.Child> children = PageLayout.of(page, site.component()).orElseThrow().children();
            var last = children.get(children.size() - 1).element();
            return variant.substring(0, page.start(last)) + variant.substring(page.end(last));
        } catch (JsxSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Arbitraries.of(Mutation.class);
    }

    @Provide
    Arbitrary<Case> validPlans() {
        return Arbitraries.of(SITES).flatMap(GenerationProperties::plansFor);
    }

    /** Pinned sections keep their ends; the rest is shuffled, some non-required ones hidden, props drawn from the catalog. */
    private static Arbitrary<Case> plansFor(SiteContract site) {
        List<String> top = new ArrayList<>();
        List<String> middle = new ArrayList<>();
        List<String> bottom = new ArrayList<>();
        site.sections().forEach((name, spec) -> {
            if ("top".equals(spec.pinned())) {
                top.add(name);
            } else if ("bottom".equals(spec.pinned())) {
                bottom.add(name);
            } else {
                middle.add(name);
            }
        });
        Arbitrary<List<String>> shuffled = Arbitraries.shuffle(middle);
        Arbitrary<List<Boolean>> hideFlags = Arbitraries.of(true, false).list().ofSize(middle.size());
        Arbitrary<Long> propSeed = Arbitraries.longs();
        return Combinators.combine(shuffled, hideFlags, propSeed, Arbitraries.of("", "layout-a", "focus-x"))
                .as((order, hide, seed, layoutClass) -> {
                    List<String> visible = new ArrayList<>(top);
                    List<String> hidden = new ArrayList<>();
                    for (int i = 0; i < order.size(); i++) {
                        String name = order.get(i);
                        if (hide.get(i) && !site.sections().get(name).required()) {
                            hidden.add(name);
                        } else {
                            visible.add(name);
                        }
                    }
                    visible.addAll(bottom);
                    java.util.Random random = new java.util.Random(seed);
                    Map<String, Map<String, Object>> props = new HashMap<>();
                    for (String name : visible) {
                        SectionSpec spec = site.sections().get(name);
                        Map<String, Object> values = new LinkedHashMap<>();
                        spec.props().forEach((prop, allowed) -> {
                            if (random.nextBoolean()) {
                                values.put(prop, allowed.get(random.nextInt(allowed.size())));
                            }
                        });
                        if (!values.isEmpty()) {
                            props.put(name, values);
                        }
                    }
                    return new Case(site, new Plan("random", "property", visible, hidden, props, layoutClass, List.of()));
                });
    }
}
