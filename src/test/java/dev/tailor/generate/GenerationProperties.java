package dev.tailor.generate;

import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContract.SectionSpec;
import dev.tailor.optimize.Plan;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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

        assertThat(VALIDATOR.validate(c.site(), original, variant)).isEmpty();
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
        String broken = mutation.apply(c.site(), c.plan(), variant);

        assertThat(VALIDATOR.validate(c.site(), original, broken))
                .extracting(ValidationFinding::rule)
                .as("mutation %s of\n%s", mutation, broken)
                .contains(mutation.rule);
    }

    enum Mutation {
        INJECT_INNER_HTML("unsafe-html"), DROP_REQUIRED_SECTION("required-section"), DISALLOWED_URL("external-origin"),
        OFF_PALETTE_COLOUR("off-palette-colour"), UNKNOWN_COMPONENT("unknown-component"), EVAL("unsafe-eval"),
        BAD_PROP_VALUE("prop-value"), SCRIPT("unsafe-element"), INLINE_HANDLER("inline-handler"),
        JAVASCRIPT_URL("unsafe-url"), OFF_BRAND_FONT("off-brand-font"), DROP_EXPORT("exports");

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
            };
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
