package dev.tailor.generate;

import com.caoccao.javet.swc4j.Swc4j;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContractLoader;
import dev.tailor.page.JsxSyntaxException;
import dev.tailor.page.PageLayout;
import dev.tailor.page.ParsedPage;
import dev.tailor.plan.Plan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The example sites under src/test/resources/generate and plans for them. */
final class Fixtures {
    static final Swc4j SWC4J = new Swc4j();

    private Fixtures() {
    }

    static Path siteRoot(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/generate/" + name + "/tailor.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static SiteContract site(String name) {
        return new SiteContractLoader(new ObjectMapper()).load(siteRoot(name));
    }

    static String page(SiteContract site) {
        try {
            return Files.readString(site.root().resolve(site.page()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The plan the original page already implements: its sections in page order, nothing hidden or set. */
    static Plan asIs(SiteContract site) {
        try {
            List<String> order = PageLayout.of(ParsedPage.parse(SWC4J, page(site)), site.component()).orElseThrow()
                    .childNames().stream().filter(site.sections()::containsKey).toList();
            return new Plan("original", "none", order, List.of(), Map.of(), "", List.of());
        } catch (JsxSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Plan alyssa() {
        return new Plan("analytics_prominent", "analytics_visibility",
                List.of("Navigation", "AnalyticsDashboard", "QuickMetrics", "Hero", "TechnicalDeepDive",
                        "CaseStudies", "ArchitectureDetails", "QuickCTA", "EssentialInfo", "Footer"),
                List.of(),
                Map.of("AnalyticsDashboard", Map.of("position", "hero"), "QuickMetrics", Map.of("realTime", true)),
                "analytics-prominent", List.of("spends 3+ minutes on analytics"));
    }

    static Plan alex() {
        return new Plan("simplified", "conversion",
                List.of("Navigation", "QuickCTA", "Hero", "EssentialInfo", "Footer"),
                List.of("AnalyticsDashboard", "QuickMetrics", "TechnicalDeepDive", "CaseStudies", "ArchitectureDetails"),
                Map.of("QuickCTA", Map.of("prominent", true), "EssentialInfo", Map.of("only", "key_points")),
                "simplified-flow", List.of("short sessions"));
    }

    static Plan shopper() {
        return new Plan("social_first", "trust",
                List.of("Header", "Testimonials", "ProductGrid", "Promo", "SiteFooter"),
                List.of("Newsletter"),
                Map.of("ProductGrid", Map.of("layout", "list", "limit", 6)),
                "social-first", List.of("reads reviews"));
    }
}
