package dev.tailor.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import com.caoccao.javet.swc4j.Swc4j;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContractLoader;
import dev.tailor.generate.LocalAstGenerator;
import dev.tailor.generate.validate.VariantValidator;
import dev.tailor.page.PageLayout;
import dev.tailor.page.ParsedPage;
import dev.tailor.plan.Plan;
import dev.tailor.plan.PlanHasher;
import dev.tailor.profile.Profile;
import dev.tailor.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A visitor's plan on the tea shop's two pages: planned from each page's catalog, each page rewritten and validated against its own. */
class SeveralPagesPlanTest {
    private static final Swc4j SWC4J = new Swc4j();
    private static final SiteContractLoader LOADER = new SiteContractLoader(new ObjectMapper());

    @TempDir
    Path tmp;

    /** Long reads of the reviews (seen on /pricing) and the brewing notes (on /). */
    private static Profile reviewReader(SiteContract site) {
        Map<String, Integer> dwell = new LinkedHashMap<>();
        dwell.put("reviews", 300);
        dwell.put("brewing_notes", 60);
        return PlannerTest.visitor(site, "nora", "desktop", 3, dwell);
    }

    @Test
    void bothPagesArePlannedRewrittenAndValidatedEachAgainstItsOwnCatalog() throws Exception {
        Path root = Path.of("examples", "tidewater-tea");
        SiteContract site = LOADER.load(root);
        Profile nora = reviewReader(site);
        assertThat(nora.persona().wire()).isEqualTo("content_explorer");

        Plan plan = new Planner().plan(nora, site).orElseThrow();
        assertThat(plan.order()).containsExactly("Header", "Reviews", "BrewingNotes", "Hero", "TeaShelf", "Newsletter", "Footer");
        assertThat(plan.layoutClass()).isEqualTo("social-proof-rich");
        assertThat(plan.otherPages()).containsOnlyKeys("/pricing");
        Plan.PagePlan pricing = plan.otherPages().get("/pricing");
        assertThat(pricing.order()).containsExactly("Header", "Reviews", "PlanTable", "PricingFaq", "JoinNow", "Footer");
        assertThat(pricing.props()).isEqualTo(Map.of("Reviews", Map.of("compact", true)));
        assertThat(plan.reasons()).anyMatch(r -> r.startsWith("moves Reviews, BrewingNotes to the top on /,"))
                .anyMatch(r -> r.startsWith("moves Reviews to the top on /pricing,"));
        assertThat(PlanHasher.hash(plan)).as("the other page is part of what the plan does")
                .isNotEqualTo(PlanHasher.hash(new Plan(plan.name(), plan.target(), plan.order(), plan.hidden(), plan.props(),
                        plan.layoutClass(), plan.reasons())));

        OptimizationPipeline.Base base = OptimizationPipeline.Base.read(site, root, "0000000");
        List<OptimizationPipeline.PageRewrite> rewrites = base.rewrites(plan);
        assertThat(rewrites).extracting(r -> r.page().path()).containsExactly("/", "/pricing");
        LocalAstGenerator generator = new LocalAstGenerator(SWC4J);
        VariantValidator validator = new VariantValidator(SWC4J);
        for (OptimizationPipeline.PageRewrite rewrite : rewrites) {
            String code = generator.generate(rewrite.site(), rewrite.source(), rewrite.plan()).code();
            assertThat(validator.validate(rewrite.site(), rewrite.source(), code, rewrite.plan())).as(rewrite.page().page()).isEmpty();
            List<String> rendered = PageLayout.of(ParsedPage.parse(SWC4J, code), rewrite.page().component()).orElseThrow()
                    .childNames();
            assertThat(rendered).as(rewrite.page().page()).isEqualTo(rewrite.plan().order());
            assertThat(code).contains("<Reviews compact={true}", "social-proof-rich");
        }
    }

    @Test
    void aPageThePlanDoesNotChangeIsLeftAsTheOriginal() throws Exception {
        Path root = GitCli.commitCopy(Path.of("examples", "tidewater-tea"), tmp.resolve("tea"), "Tidewater Tea");
        Path json = root.resolve(SiteContractLoader.FILE_NAME);
        // brewing notes are on the home page only
        Files.writeString(json, Files.readString(json).replace("\"content_explorer\": [\"social-proof\", \"content\"]",
                "\"content_explorer\": [\"content\"]"));
        SiteContract site = LOADER.load(root);
        Map<String, Integer> notes = new LinkedHashMap<>();
        notes.put("brewing_notes", 300);
        notes.put("reviews", 30);
        Plan plan = new Planner().plan(PlannerTest.visitor(site, "noor", "desktop", 3, notes), site).orElseThrow();
        assertThat(plan.order()).startsWith("Header", "BrewingNotes");
        assertThat(plan.otherPages()).isEmpty();
        assertThat(OptimizationPipeline.Base.read(site, root, "0000000").rewrites(plan))
                .extracting(r -> r.page().path()).containsExactly("/");

        // and the other way round: a plan of /pricing alone leaves the home page's file as it is
        Files.writeString(json, Files.readString(json).replace("\"content_explorer\": [\"content\"]",
                "\"content_explorer\": [\"support\"]"));
        SiteContract support = LOADER.load(root);
        Map<String, Integer> dwell = new LinkedHashMap<>();
        dwell.put("pricing_faq", 300);
        dwell.put("reviews", 30);
        Plan faq = new Planner().plan(PlannerTest.visitor(support, "ida", "desktop", 3, dwell), support).orElseThrow();
        assertThat(faq.primaryPage().leavesAsIs(List.copyOf(support.sections().keySet()))).isTrue();
        assertThat(faq.otherPages().get("/pricing").order()).startsWith("Header", "PricingFaq");
        assertThat(OptimizationPipeline.Base.read(support, root, "0000000").rewrites(faq))
                .extracting(r -> r.page().path()).containsExactly("/pricing");
    }
}
