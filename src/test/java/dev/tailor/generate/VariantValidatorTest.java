package dev.tailor.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.generate.validate.RuleId;
import dev.tailor.generate.validate.ValidationFinding;
import dev.tailor.generate.validate.ValidationRule;
import dev.tailor.generate.validate.VariantValidator;
import dev.tailor.config.SiteContract;
import dev.tailor.plan.Plan;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VariantValidatorTest {
    private final VariantValidator validator = new VariantValidator(Fixtures.SWC4J);
    private final SiteContract acme = Fixtures.site("acme");
    private final String original = Fixtures.page(acme);
    /** The plan the unchanged original implements, for variants that only add or break content. */
    private final Plan asIs = Fixtures.asIs(acme);

    @Test
    void theOriginalAndTheLocalRewriteHaveNoFindings() throws Exception {
        assertThat(validator.validate(acme, original, original, asIs)).isEmpty();
        String variant = new LocalAstGenerator(Fixtures.SWC4J).generate(acme, original, Fixtures.alyssa()).code();
        List<ValidationFinding> findings = validator.validate(acme, original, variant, Fixtures.alyssa());
        assertThat(findings).isEmpty();
        assertThat(validator.isDeployable(findings)).isTrue();
    }

    @Test
    void syntaxErrorsCarryTheirLocation() {
        List<ValidationFinding> findings = validator.validate(acme, original, original.replace("<Footer />", "<Footer>"), asIs);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("syntax");
            assertThat(f.line()).isGreaterThan(10);
            assertThat(f.column()).isPositive();
        });
        assertThat(validator.isDeployable(findings)).isFalse();
    }

    /** Each rule with one variant that breaks it, built by replacing text of the original. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            exports            | export default function Homepage() | function Homepage()
            page-component     | export default function Homepage() | export default function Other()
            required-section   | '      <Footer />\n'                | ''
            brand-element      | '      <Hero />\n'                  | ''
            unknown-component  | <Hero />                           | <Hero /><PopupAd />
            duplicate-section  | <Hero />                           | <Hero /><Hero />
            prop-value         | position="default"                 | position="sidebar"
            prop-value         | <Hero />                           | <Hero tone="loud" />
            prop-value         | realTime={false}                   | realTime={window.x}
            unsafe-html        | <Hero />                           | <Hero /><div dangerouslySetInnerHTML={{__html: "x"}} />
            unsafe-eval        | return (                           | eval("1"); return (
            unsafe-eval        | return (                           | new Function("return 1")(); return (
            unsafe-eval        | return (                           | Function("return 1")(); return (
            unsafe-element     | <Hero />                           | <Hero /><script src="/x.js"></script>
            unsafe-element     | <Hero />                           | <Hero /><iframe src="/embed" />
            inline-handler     | <Hero />                           | <Hero /><button onClick="steal()">Go</button>
            unsafe-url         | <Hero />                           | <Hero /><a href="javascript:alert(1)">x</a>
            external-origin    | <Hero />                           | <Hero /><a href="https://evil.example/x">x</a>
            external-origin    | <Hero />                           | <Hero /><img src="//cdn.evil.example/p.png" />
            off-palette-colour | <Hero />                           | <Hero /><p style={{color: "#ff0000"}}>x</p>
            off-palette-colour | <Hero />                           | <Hero /><p style={{background: "rgb(1, 2, 3)"}}>x</p>
            off-brand-font     | <Hero />                           | <Hero /><p style={{fontFamily: "Comic Sans MS, sans-serif"}}>x</p>
            off-brand-font     | <Hero />                           | <Hero /><style>{"p { font-family: Papyrus; }"}</style>
            imports            | import Footer from "./Footer.jsx"; | import Footer from "./Footer.jsx"; import cfg from "/etc/whatever.json";
            imports            | import Footer from "./Footer.jsx"; | import Footer from "/tmp/x/Footer.jsx";
            imports            | import Footer from "./Footer.jsx"; | import Footer from "./Footer.jsx"; import "/tmp/x/creds.json";
            imports            | import Footer from "./Footer.jsx"; | import Footer from "./Footer.jsx"; export * from "/etc/x.js";
            imports            | import Footer from "./Footer.jsx"; | import Footer from "./Footer.jsx"; export { a } from "/etc/x.js";
            imports            | return (                           | const m = import("/etc/whatever.json"); return (
            imports            | return (                           | const m = require("/etc/whatever.json"); return (
            imports            | return (                           | const m = module.require("/etc/whatever.json"); return (
            unsafe-html        | return (                           | const x = {dangerouslySetInnerHTML: {__html: window.a}}; return (
            unsafe-html        | return (                           | const x = {"dangerouslySetInnerHTML": {__html: window.a}}; return (
            unsafe-html        | return (                           | const x = {["dangerously" + "SetInnerHTML"]: {__html: window.a}}; return (
            unsafe-html        | return (                           | const dangerouslySetInnerHTML = {__html: window.a}; const x = {dangerouslySetInnerHTML}; return (
            inline-handler     | return (                           | const x = {onClick: "steal()"}; return (
            inline-handler     | return (                           | const x = {"onMouseOver": "steal" + "()"}; return (
            inline-handler     | <Hero />                           | <Hero /><button onClick={"steal()"}>Go</button>
            unsafe-eval        | return (                           | (0, globalThis.eval)("1"); return (
            unsafe-eval        | return (                           | window.eval("1"); return (
            unsafe-eval        | return (                           | window?.eval("1"); return (
            unsafe-eval        | return (                           | window["ev" + "al"]("1"); return (
            unsafe-eval        | return (                           | eval.call(null, "1"); return (
            unsafe-eval        | return (                           | const e = window.eval; e("1"); return (
            unsafe-eval        | return (                           | const e = eval; e("1"); return (
            unsafe-eval        | return (                           | globalThis.Function("return 1")(); return (
            unsafe-eval        | return (                           | new globalThis.Function("return 1")(); return (
            unsafe-eval        | return (                           | "".constructor.constructor("return 1")(); return (
            unsafe-eval        | return (                           | const F = [].constructor; return (
            unsafe-eval        | return (                           | setTimeout("steal()", 0); return (
            unsafe-eval        | return (                           | window.setInterval("steal()"); return (
            unsafe-eval        | return (                           | setTimeout(`steal()`, 0); return (
            url-expression     | <Hero />                           | <Hero /><a href={"java" + "script:alert(1)"}>x</a>
            unsafe-url         | <Hero />                           | <Hero /><a href={"java" + "script:alert(1)"}>x</a>
            url-expression     | <Hero />                           | <Hero /><img src={"https:/" + "/evil.example/p.gif"} />
            external-origin    | <Hero />                           | <Hero /><img src={"https:/" + "/evil.example/p.gif"} />
            url-expression     | <Hero />                           | <Hero /><a href={window.next}>x</a>
            url-expression     | <Hero />                           | <Hero /><form action={window.next}></form>
            url-expression     | <Hero />                           | <Hero /><img srcSet={`${window.a} 2x`} />
            url-expression     | <Hero />                           | <Hero /><video poster={window.a} />
            url-expression     | <Hero />                           | <Hero /><object data={window.a} />
            url-expression     | <Hero />                           | <Hero /><button formAction={window.a}>x</button>
            url-expression     | <Hero />                           | <Hero /><svg><use xlinkHref={window.a} /></svg>
            url-expression     | <Hero />                           | <Hero /><a {...{href: "java" + "script:x"}}>x</a>
            """)
    void everyRuleHasAFailingExample(String rule, String find, String replacement) {
        String variant = original.replace(find.replace("\\n", "\n"), replacement.replace("\\n", "\n"));
        assertThat(variant).isNotEqualTo(original);

        List<ValidationFinding> findings = validator.validate(acme, original, variant, asIs);

        assertThat(findings).extracting(ValidationFinding::rule).contains(rule);
        assertThat(validator.isDeployable(findings)).isFalse();
    }

    @Test
    void findingsNameTheOffendingValueAndItsLocation() {
        String variant = original.replace("<Hero />", "<Hero /><p style={{color: \"#ff0000\"}}>x</p>");
        ValidationFinding finding = validator.validate(acme, original, variant, asIs).get(0);
        assertThat(finding.rule()).isEqualTo("off-palette-colour");
        assertThat(finding.message()).contains("#ff0000").contains("#4f46e5");
        assertThat(finding.line()).isEqualTo(original.lines().toList().indexOf("      <Hero />") + 1);
        assertThat(finding.column()).isGreaterThan(7);
    }

    @Test
    void allowsBrandColoursFontsAndOriginsAndWhatTheOriginalAlreadyHad() {
        String withExisting = original.replace("<Footer />", "<Footer /><a href=\"https://github.com/acme\">gh</a>");
        String variant = withExisting.replace("<Hero />", "<Hero /><p style={{color: \"#4F46E5\", background: \"rgb(255, 255, 255)\","
                + " fontFamily: \"'Inter', sans-serif\"}}><a href=\"https://docs.acme.example/start\">Docs</a>"
                + "<a href=\"#add\">anchor</a></p>");
        assertThat(validator.validate(acme, withExisting, variant, asIs)).isEmpty();
    }

    @Test
    void dataBrandMarkersCountAsBrandElements() {
        SiteContract shop = Fixtures.site("landing");
        String landing = Fixtures.page(shop);
        assertThat(validator.validate(shop, landing, landing, Fixtures.asIs(shop))).isEmpty();
        assertThat(validator.validate(shop, landing, landing.replace(" data-brand=\"shop-logo\"", ""), Fixtures.asIs(shop)))
                .extracting(ValidationFinding::message)
                .containsExactly("brand element shop-logo is missing (no data-brand=\"shop-logo\" marker)");
    }

    @Test
    void urlExpressionsOfTheOriginalAndLiteralUrlsAreAllowed() {
        String withExisting = original.replace("<Footer />", "<Footer /><a href={links.docs}>docs</a>");
        String variant = withExisting.replace("<Hero />", "<Hero /><a href={links.docs}>Docs</a><img src={\"/logo.png\"} />"
                + "<a href={`/pricing`}>p</a><a href=\"https://docs.acme.example/start\">start</a>");
        assertThat(validator.validate(acme, withExisting, variant, asIs)).isEmpty();
    }

    @Test
    void timersWithFunctionsAndPlainMemberCallsAreNotCodeFromStrings() {
        String variant = original.replace("return (", "setTimeout(() => window.scrollTo(0, 0), 0); "
                + "const parts = [\"a\", \"b\"].join(\",\"); return (");
        assertThat(validator.validate(acme, original, variant, asIs)).isEmpty();
    }

    @Test
    void memberJsxOfTheOriginalIsNotAnUnknownComponent() throws Exception {
        SiteContract members = Fixtures.site("members");
        String home = Fixtures.page(members);
        assertThat(validator.validate(members, home, home, Fixtures.asIs(members))).isEmpty();

        Plan pricingFirst = new Plan("pricing_first", "conversion", List.of("Header", "Pricing", "Features", "Footer"),
                List.of(), java.util.Map.of("Pricing", java.util.Map.of("plan", "yearly")), "pricing-first", List.of());
        String variant = new LocalAstGenerator(Fixtures.SWC4J).generate(members, home, pricingFirst).code();
        assertThat(variant).contains("<React.Fragment>", "<Tabs.Panel title=\"More\">");
        assertThat(validator.validate(members, home, variant, pricingFirst)).isEmpty();

        // a member element the original does not render is still unknown
        assertThat(validator.validate(members, home, home.replace("<Features />", "<Features /><Popup.Ad />"),
                Fixtures.asIs(members)))
                .extracting(ValidationFinding::rule, ValidationFinding::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("unknown-component",
                        "component Popup.Ad is not in the catalog nor in the original"));
    }

    @Test
    void aVariantMustImplementItsPlan() throws Exception {
        LocalAstGenerator local = new LocalAstGenerator(Fixtures.SWC4J);
        Plan alyssa = Fixtures.alyssa();
        String good = local.generate(acme, original, alyssa).code();
        assertThat(validator.validate(acme, original, good, alyssa)).isEmpty();

        // the original order, as a merge that ignored the plan would leave it
        assertThat(validator.validate(acme, original, original, alyssa))
                .extracting(ValidationFinding::rule).containsOnly("plan-mismatch");
        // a planned prop left at another allowed value
        assertThat(validator.validate(acme, original, good.replace("position=\"hero\"", "position=\"default\""), alyssa))
                .singleElement().satisfies(f -> assertThat(f.message())
                        .isEqualTo("AnalyticsDashboard.position is position=\"default\", but the plan sets it to \"hero\""));
        assertThat(validator.validate(acme, original, good.replace("realTime", "realtimeX").replace("realtimeX={true}", ""), alyssa))
                .extracting(ValidationFinding::rule).contains("plan-mismatch");
        // no layout class
        assertThat(validator.validate(acme, original, good.replace(" analytics-prominent", ""), alyssa))
                .singleElement().satisfies(f -> {
                    assertThat(f.rule()).isEqualTo("plan-mismatch");
                    assertThat(f.message()).contains("lacks the planned layout class analytics-prominent");
                });

        Plan alex = Fixtures.alex();
        String simplified = local.generate(acme, original, alex).code();
        assertThat(validator.validate(acme, original, simplified, alex)).isEmpty();
        // an optional section dropped: the order no longer matches
        assertThat(validator.validate(acme, original, simplified.replace("      <EssentialInfo only=\"key_points\" />\n", ""), alex))
                .extracting(ValidationFinding::rule).containsOnly("plan-mismatch");
        // a hidden section kept, tucked inside another element
        String kept = "import QuickMetrics from \"./QuickMetrics.jsx\";\n"
                + simplified.replace("<Hero />", "<Hero /><section><QuickMetrics realTime={false} /></section>");
        assertThat(validator.validate(acme, original, kept, alex))
                .extracting(ValidationFinding::rule, ValidationFinding::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("plan-mismatch",
                        "section QuickMetrics is still rendered, but the plan hides it"));
    }

    @Test
    void aRuleAddedToTheRegistryReportsAfterTheBuiltinOnes() {
        ValidationRule noMarquee = ctx -> ctx.variant().source().contains("<marquee")
                ? List.of(new ValidationFinding(RuleId.UNSAFE_ELEMENT, 0, 0, "<marquee> is not allowed")) : List.of();
        List<ValidationRule> rules = new java.util.ArrayList<>(VariantValidator.BUILTIN_RULES);
        rules.add(noMarquee);
        VariantValidator extended = new VariantValidator(Fixtures.SWC4J, rules);

        assertThat(extended.validate(acme, original, original, asIs)).isEmpty();
        String variant = original.replace("<Hero />", "<Hero /><marquee style={{color: \"#ff0000\"}}>x</marquee>");
        assertThat(extended.validate(acme, original, variant, asIs))
                .extracting(ValidationFinding::rule, ValidationFinding::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("off-palette-colour", "colour #ff0000 is not in brand.palette "
                                + acme.brand().palette()),
                        org.assertj.core.groups.Tuple.tuple("unsafe-element", "<marquee> is not allowed"));
    }
}
