package dev.tailor.generate;

import dev.tailor.config.SiteContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VariantValidatorTest {
    private final VariantValidator validator = new VariantValidator(Fixtures.SWC4J);
    private final SiteContract acme = Fixtures.site("acme");
    private final String original = Fixtures.page(acme);

    @Test
    void theOriginalAndTheLocalRewriteHaveNoFindings() throws Exception {
        assertThat(validator.validate(acme, original, original)).isEmpty();
        String variant = new LocalAstGenerator(Fixtures.SWC4J).generate(acme, original, Fixtures.alyssa()).code();
        List<ValidationFinding> findings = validator.validate(acme, original, variant);
        assertThat(findings).isEmpty();
        assertThat(validator.isDeployable(findings)).isTrue();
    }

    @Test
    void syntaxErrorsCarryTheirLocation() {
        List<ValidationFinding> findings = validator.validate(acme, original, original.replace("<Footer />", "<Footer>"));
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
            """)
    void everyRuleHasAFailingExample(String rule, String find, String replacement) {
        String variant = original.replace(find.replace("\\n", "\n"), replacement.replace("\\n", "\n"));
        assertThat(variant).isNotEqualTo(original);

        List<ValidationFinding> findings = validator.validate(acme, original, variant);

        assertThat(findings).extracting(ValidationFinding::rule).contains(rule);
        assertThat(validator.isDeployable(findings)).isFalse();
    }

    @Test
    void findingsNameTheOffendingValueAndItsLocation() {
        String variant = original.replace("<Hero />", "<Hero /><p style={{color: \"#ff0000\"}}>x</p>");
        ValidationFinding finding = validator.validate(acme, original, variant).get(0);
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
        assertThat(validator.validate(acme, withExisting, variant)).isEmpty();
    }

    @Test
    void dataBrandMarkersCountAsBrandElements() {
        SiteContract shop = Fixtures.site("landing");
        String landing = Fixtures.page(shop);
        assertThat(validator.validate(shop, landing, landing)).isEmpty();
        assertThat(validator.validate(shop, landing, landing.replace(" data-brand=\"shop-logo\"", "")))
                .extracting(ValidationFinding::message)
                .containsExactly("brand element shop-logo is missing (no data-brand=\"shop-logo\" marker)");
    }
}
