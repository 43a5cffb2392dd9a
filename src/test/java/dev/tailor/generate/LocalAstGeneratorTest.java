package dev.tailor.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.config.SiteContract;
import dev.tailor.plan.Plan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalAstGeneratorTest {
    private final LocalAstGenerator generator = new LocalAstGenerator(Fixtures.SWC4J);
    private final SiteContract acme = Fixtures.site("acme");
    private final String original = Fixtures.page(acme);

    @Test
    void alyssaGetsAnalyticsFirstAndConfiguredWithEveryOtherLineUnchanged() throws Exception {
        GeneratedCode result = generator.generate(acme, original, Fixtures.alyssa());

        assertThat(result.generator()).isEqualTo("local");
        assertThat(result.model()).isEqualTo("swc4j");
        assertThat(result.costUsd()).isZero();
        String code = result.code();
        assertThat(code).contains("""
                    <div className="homepage analytics-prominent">
                      <Navigation />
                      <AnalyticsDashboard position="hero" />
                      <QuickMetrics realTime={true} />
                      <Hero />
                      <TechnicalDeepDive />
                """);
        List<String> before = original.lines().toList();
        List<String> after = code.lines().toList();
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).contains("<") || before.get(i).contains("import")) {
                assertThat(after.get(i)).as("line %d", i + 1).isEqualTo(before.get(i));
            }
        }
        assertThat(after.stream().sorted().toList()).containsAll(before.stream()
                .filter(l -> !l.contains("homepage") && !l.contains("AnalyticsDashboard ") && !l.contains("QuickMetrics ")).toList());
    }

    @Test
    void hiddenSectionsAndTheirImportsAreGoneWithoutBlankLines() throws Exception {
        String code = generator.generate(acme, original, Fixtures.alex()).code();

        for (String hidden : Fixtures.alex().hidden()) {
            assertThat(code).doesNotContain("<" + hidden).doesNotContain("import " + hidden + " ");
        }
        assertThat(code).contains("""
                    <div className="homepage simplified-flow">
                      <Navigation />
                      <QuickCTA prominent={true} />
                      <Hero />
                      <EssentialInfo only="key_points" />
                      <Footer />
                    </div>
                """);
        assertThat(code).doesNotContain("\n\n\n").startsWith("import Navigation from \"./Navigation.jsx\";\nimport Hero");
    }

    @Test
    void rewritesTheArrowFunctionLandingPageOfTheSecondSite() throws Exception {
        SiteContract shop = Fixtures.site("landing");
        String code = generator.generate(shop, Fixtures.page(shop), Fixtures.shopper()).code();

        assertThat(code).contains("""
                  <main className="landing social-first" data-brand="shop-logo">
                    <Header />
                    <Testimonials />
                    <ProductGrid layout="list" limit={6} />
                    <Promo />
                    <SiteFooter year={2025}>
                      <a href="https://shop.example/legal">Legal</a>
                    </SiteFooter>
                  </main>
                """);
        assertThat(code).contains("// The shop's single landing page").endsWith("export default Landing;\n");
    }

    @Test
    void addsClassNameAndPropsWhenTheyAreMissing() throws Exception {
        String page = original.replace("<div className=\"homepage\">", "<div>").replace("<Hero />", "<Hero/>");
        Plan plan = withProps(Fixtures.alyssa(), Map.of("CaseStudies", Map.of("expanded", true)));
        String code = generator.generate(acme, page, plan).code();
        assertThat(code).contains("<div className=\"analytics-prominent\">").contains("<CaseStudies expanded={true} />");
    }

    @Test
    void rejectsPlansThatNameSectionsNotOnThePageOrNotInTheCatalog() {
        Plan unknown = new Plan("x", "t", List.of("Navigation", "Pricing", "Footer"), List.of(), Map.of(), "", List.of());
        assertThatThrownBy(() -> generator.generate(acme, original, unknown))
                .isInstanceOf(GenerationException.class)
                .hasMessageContaining("plan names section Pricing, which is not in the catalog");

        String withoutHero = original.replace("      <Hero />\n", "");
        assertThatThrownBy(() -> generator.generate(acme, withoutHero, Fixtures.alyssa()))
                .hasMessageContaining("plan names section Hero, which is not on the page");

        Plan hidesFooter = new Plan("x", "t", Fixtures.alex().order().subList(0, 4),
                List.of("AnalyticsDashboard", "QuickMetrics", "TechnicalDeepDive", "CaseStudies", "ArchitectureDetails", "Footer"),
                Map.of(), "", List.of());
        assertThatThrownBy(() -> generator.generate(acme, original, hidesFooter))
                .hasMessageContaining("plan hides section Footer, which tailor.json marks required");

        Plan badValue = withProps(Fixtures.alyssa(), Map.of("AnalyticsDashboard", Map.of("position", "sidebar")));
        assertThatThrownBy(() -> generator.generate(acme, original, badValue))
                .hasMessageContaining("AnalyticsDashboard.position=sidebar, but tailor.json allows only [default, hero]");
    }

    @Test
    void namesTheSyntaxErrorInABrokenOriginal() {
        assertThatThrownBy(() -> generator.generate(acme, original.replace("</div>", "</dvi>"), Fixtures.alyssa()))
                .isInstanceOf(GenerationException.class)
                .hasMessageContaining("does not parse at line");
    }

    @Test
    void keepsCharactersOutsideTheBasicPlaneIntact() throws Exception {
        String page = "// 😀 emoji before any span\n" + original.replace("<Hero />", "<Hero title=\"Ship 🚀 faster\" />");
        String code = generator.generate(acme, page, Fixtures.alyssa()).code();
        assertThat(code).contains("<Hero title=\"Ship 🚀 faster\" />").contains("<AnalyticsDashboard position=\"hero\" />");
    }

    @Test
    void generatesAVariantInAFewMilliseconds() throws Exception {
        for (int i = 0; i < 300; i++) {
            generator.generate(acme, original, i % 2 == 0 ? Fixtures.alyssa() : Fixtures.alex());
        }
        int runs = 1000;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            generator.generate(acme, original, i % 2 == 0 ? Fixtures.alyssa() : Fixtures.alex());
        }
        double micros = (System.nanoTime() - start) / 1000.0 / runs;
        System.out.printf("local generation: %.1f µs per variant%n", micros);
    }

    private static Plan withProps(Plan plan, Map<String, Map<String, Object>> props) {
        return new Plan(plan.name(), plan.target(), plan.order(), plan.hidden(), props, plan.layoutClass(), plan.reasons());
    }
}
