package dev.tailor.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContractLoader;
import dev.tailor.config.TailorConfig;
import dev.tailor.plan.Plan;
import dev.tailor.plan.PlanHasher;
import dev.tailor.profile.Profile;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.profile.SectionTopics;
import dev.tailor.track.TrackEvent;
import dev.tailor.visitor.Persona;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The planner on the two example sites, from profiles built the way Tailor builds them: from events. */
class PlannerTest {

    private static final SiteContractLoader LOADER = new SiteContractLoader(new ObjectMapper());
    static final SiteContract ACME = LOADER.load(Path.of("examples/acme-site"));
    static final SiteContract COFFEE = LOADER.load(Path.of("examples/brightside-coffee"));

    private final Planner planner = new Planner();

    /** Replays {@code dwell} (section → seconds, snake_case as the tracker reports) through a real profile engine. */
    static Profile visitor(SiteContract site, String user, String device, int sessions, Map<String, Integer> dwell) {
        ProfileEngine engine = new ProfileEngine(TailorConfig.from(Map.of()).profile(), new SectionTopics(site));
        long t = 1_700_000_000_000L;
        int n = 0;
        for (int s = 0; s < sessions; s++) {
            String session = user + "-s" + s;
            engine.apply(new TrackEvent("e" + n++, user, session, "page_view", null, 0, -1, null, device, t, "{}"));
            for (Map.Entry<String, Integer> d : dwell.entrySet()) {
                t += 1000;
                engine.apply(new TrackEvent("e" + n++, user, session, "section_dwell", d.getKey(),
                        d.getValue() / (double) sessions, 80, null, device, t, "{}"));
            }
            t += 3_600_000; // next session an hour later
        }
        return engine.profile(user).orElseThrow();
    }

    static Profile alyssa(SiteContract site) {
        return visitor(site, "alyssa", "desktop", 2, ordered("analytics_dashboard", 150, "quick_metrics", 40, "hero", 12));
    }

    static Profile marcus(SiteContract site) {
        return visitor(site, "marcus", "desktop", 3, ordered("technical_deep_dive", 240, "case_studies", 180,
                "architecture_details", 200, "hero", 10));
    }

    static Profile alex(SiteContract site) {
        return visitor(site, "alex", "mobile", 2, ordered("quick_cta", 20, "essential_info", 15, "hero", 4));
    }

    private static Map<String, Integer> ordered(Object... pairs) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return m;
    }

    @Test
    void alyssaGetsTheAnalyticsDashboardAsHeroAndRealTimeMetricsAtTheTop() {
        Profile alyssa = alyssa(ACME);
        assertThat(alyssa.persona().wire()).isEqualTo("data_focused");
        Plan plan = planner.plan(alyssa, ACME).orElseThrow();
        assertThat(plan.name()).isEqualTo("analytics_prominent");
        assertThat(plan.target()).isEqualTo("analytics_visibility");
        assertThat(plan.layoutClass()).isEqualTo("analytics-prominent");
        assertThat(plan.order()).startsWith("Navigation", "AnalyticsDashboard", "QuickMetrics");
        assertThat(plan.order()).endsWith("Footer");
        assertThat(plan.props()).isEqualTo(Map.of("AnalyticsDashboard", Map.of("position", "hero"),
                "QuickMetrics", Map.of("realTime", true)));
        assertThat(plan.hidden()).isEmpty();
        assertThat(plan.reasons().get(0)).startsWith("analytics_preference 0.");
    }

    @Test
    void marcusGetsTheDeepContentUpAndCaseStudiesExpanded() {
        Profile marcus = marcus(ACME);
        assertThat(marcus.persona().wire()).isEqualTo("content_explorer");
        Plan plan = planner.plan(marcus, ACME).orElseThrow();
        assertThat(plan.name()).isEqualTo("content_rich");
        assertThat(plan.layoutClass()).isEqualTo("content-rich");
        assertThat(plan.order().subList(1, 4))
                .containsExactlyInAnyOrder("TechnicalDeepDive", "CaseStudies", "ArchitectureDetails");
        assertThat(plan.props()).isEqualTo(Map.of("CaseStudies", Map.of("expanded", true)));
        assertThat(plan.hidden()).isEmpty();
        // all three lead with content: equal interest keeps the page's order
        assertThat(plan.order().subList(1, 4)).containsExactly("TechnicalDeepDive", "CaseStudies", "ArchitectureDetails");
    }

    @Test
    void alexGetsAShortPageWithAProminentCallToActionAndKeyPointsOnly() {
        Profile alex = alex(ACME);
        assertThat(alex.persona().wire()).isEqualTo("quick_decider");
        Plan plan = planner.plan(alex, ACME).orElseThrow();
        assertThat(plan.name()).isEqualTo("simplified_flow");
        assertThat(plan.layoutClass()).isEqualTo("simplified-flow");
        assertThat(plan.order()).containsExactly("Navigation", "QuickCTA", "EssentialInfo", "Hero", "Footer");
        assertThat(plan.props()).isEqualTo(Map.of("QuickCTA", Map.of("prominent", true),
                "EssentialInfo", Map.of("only", "key_points")));
        assertThat(plan.hidden()).contains("TechnicalDeepDive", "CaseStudies", "ArchitectureDetails");
        assertThat(plan.hidden()).doesNotContain("Navigation", "Hero", "Footer");
    }

    @Test
    void theSameProfileAlwaysGivesTheSamePlanAndHash() {
        for (Profile p : List.of(alyssa(ACME), marcus(ACME), alex(ACME))) {
            Plan first = planner.plan(p, ACME).orElseThrow();
            for (int i = 0; i < 20; i++) {
                Plan again = new Planner().plan(p, ACME).orElseThrow();
                assertThat(again).isEqualTo(first);
                assertThat(PlanHasher.hash(again)).isEqualTo(PlanHasher.hash(first));
            }
        }
        // a profile rebuilt from the same events is the same profile
        assertThat(planner.plan(marcus(ACME), ACME)).isEqualTo(planner.plan(marcus(ACME), ACME));
    }

    @Test
    void theHashIgnoresNameReasonsAndPropInsertionOrderButNotTheLayout() {
        Plan plan = planner.plan(alyssa(ACME), ACME).orElseThrow();
        Map<String, Map<String, Object>> reversed = new LinkedHashMap<>();
        List<String> keys = List.copyOf(plan.props().keySet());
        for (int i = keys.size() - 1; i >= 0; i--) {
            reversed.put(keys.get(i), plan.props().get(keys.get(i)));
        }
        Plan renamed = new Plan("other", "other_target", plan.order(), plan.hidden(), reversed, plan.layoutClass(),
                List.of("different words"));
        assertThat(PlanHasher.hash(renamed)).isEqualTo(PlanHasher.hash(plan));
        assertThat(PlanHasher.hash(plan)).matches("[0-9a-f]{16}");

        Plan moved = new Plan(plan.name(), plan.target(), List.of(plan.order().get(0), plan.order().get(2),
                plan.order().get(1)), plan.hidden(), plan.props(), plan.layoutClass(), plan.reasons());
        Plan restyled = new Plan(plan.name(), plan.target(), plan.order(), plan.hidden(), plan.props(), "content-rich",
                plan.reasons());
        Plan stringly = new Plan(plan.name(), plan.target(), plan.order(), plan.hidden(),
                Map.of("AnalyticsDashboard", Map.of("position", "hero"), "QuickMetrics", Map.of("realTime", "true")),
                plan.layoutClass(), plan.reasons());
        assertThat(List.of(PlanHasher.hash(moved), PlanHasher.hash(restyled), PlanHasher.hash(stringly)))
                .doesNotContain(PlanHasher.hash(plan)).doesNotHaveDuplicates();
    }

    @Test
    void visitorsWhoDifferOnlyInHowMuchTheyReadShareOnePlan() {
        Profile light = visitor(ACME, "light", "desktop", 2, ordered("analytics_dashboard", 100, "quick_metrics", 50));
        Profile heavy = visitor(ACME, "heavy", "desktop", 4, ordered("analytics_dashboard", 400, "quick_metrics", 90));
        assertThat(PlanHasher.hash(planner.plan(light, ACME).orElseThrow()))
                .isEqualTo(PlanHasher.hash(planner.plan(heavy, ACME).orElseThrow()));
    }

    @Test
    void brightsideMapsPersonasToItsOwnTopics() {
        Profile reader = visitor(COFFEE, "reader", "desktop", 3, ordered("brew_guides", 300, "story_of_origin", 200));
        Plan content = planner.plan(reader, COFFEE).orElseThrow();
        assertThat(content.name()).isEqualTo("content_rich");
        assertThat(content.order()).containsExactly("Header", "BrewGuides", "StoryOfOrigin", "Promo", "ProductGrid",
                "Subscription", "Reviews", "Newsletter", "SiteFooter");
        assertThat(content.reasons()).contains("the site maps content_explorer to content");

        Profile buyer = visitor(COFFEE, "buyer", "mobile", 2, ordered("subscription", 20, "newsletter", 8));
        assertThat(buyer.persona().wire()).isEqualTo("quick_decider");
        Plan quick = planner.plan(buyer, COFFEE).orElseThrow();
        // both mapped topics lead a section; the visitor cared about cta most (Subscription counts for cta too)
        assertThat(quick.order()).containsExactly("Header", "Newsletter", "Subscription", "Promo", "SiteFooter");
        assertThat(quick.hidden()).containsExactly("ProductGrid", "BrewGuides", "Reviews", "StoryOfOrigin");
        assertThat(quick.props()).isEqualTo(Map.of("Subscription", Map.of("featured", true)));
    }

    @Test
    void aDataFocusedVisitorOnTheCoffeeSiteSeesProductsFirst() {
        Profile data = profile("data_focused", Map.of("analytics", 0.7, "products", 0.2, "shop", 0.3));
        Plan plan = planner.plan(data, COFFEE).orElseThrow();
        assertThat(plan.name()).isEqualTo("products_prominent");
        assertThat(plan.target()).isEqualTo("products_visibility");
        assertThat(plan.layoutClass()).as("named after the site's plan, not the demo's analytics-prominent")
                .isEqualTo("products-prominent");
        assertThat(plan.order()).startsWith("Header", "ProductGrid");
        assertThat(plan.props()).isEqualTo(Map.of("ProductGrid", Map.of("layout", "carousel", "limit", 3)));
    }

    @Test
    void aPageWhoseRootCannotTakeAClassGetsPlansWithoutOne() {
        Plan styled = planner.plan(alyssa(ACME), ACME).orElseThrow();
        Plan plain = new Planner(false).plan(alyssa(ACME), ACME).orElseThrow();
        assertThat(plain.layoutClass()).isNull();
        assertThat(plain.order()).isEqualTo(styled.order());
        assertThat(plain.hidden()).isEqualTo(styled.hidden());
        assertThat(plain.props()).isEqualTo(styled.props());
    }

    @Test
    void aVisitorWhoBrowsesTheCoffeeProductsIsDataFocusedThroughTheSitesOwnMapping() {
        Profile shopper = visitor(COFFEE, "sam", "desktop", 2, ordered("product_grid", 160, "promo", 15, "reviews", 10));
        assertThat(shopper.persona().wire()).isEqualTo("data_focused");
        assertThat(planner.plan(shopper, COFFEE).orElseThrow().name()).isEqualTo("products_prominent");
    }

    @Test
    void withoutAPersonaMappingTheStandardTopicOrElseTheStrongestInterestIsUsed() {
        SiteContract noMapping = withoutPersonas(COFFEE);
        Profile reader = profile("content_explorer", Map.of("content", 0.6, "brand", 0.4));
        assertThat(planner.plan(reader, noMapping).orElseThrow().order())
                .startsWith("Header", "BrewGuides", "StoryOfOrigin");
        assertThat(planner.plan(reader, noMapping).orElseThrow().reasons())
                .anyMatch(r -> r.contains("Tailor's default"));

        // no analytics on a coffee site: the visitor's strongest interest among the site's leading topics
        Profile data = profile("data_focused", Map.of("analytics", 0.5, "social-proof", 0.3, "subscription", 0.2));
        Plan plan = planner.plan(data, noMapping).orElseThrow();
        assertThat(plan.name()).isEqualTo("social_proof_prominent");
        assertThat(plan.order()).startsWith("Header", "Reviews");
        assertThat(plan.props()).isEqualTo(Map.of("Reviews", Map.of("compact", true)));
        assertThat(plan.reasons()).anyMatch(r -> r.contains("social-proof is this visitor's strongest interest (0.30)"));

        // ties go to the topic that appears first on the page
        Profile tied = profile("data_focused", Map.of("analytics", 0.5, "content", 0.25, "products", 0.25));
        assertThat(planner.plan(tied, noMapping).orElseThrow().order()).startsWith("Header", "ProductGrid");

        // nothing on the site interests the visitor: no plan, rather than a guess
        assertThat(planner.plan(profile("data_focused", Map.of("analytics", 1.0)), noMapping)).isEmpty();
    }

    @Test
    void noPersonaNoPlan() {
        assertThat(planner.plan(profile("none", Map.of("content", 1.0)), ACME)).isEmpty();
    }

    @Test
    void withSeveralFocusTopicsTheVisitorsStrongerInterestComesFirst() {
        Profile subscriber = profile("quick_decider", Map.of("cta", 0.3, "subscription", 0.6));
        Plan plan = planner.plan(subscriber, COFFEE).orElseThrow();
        assertThat(plan.order()).startsWith("Header", "Subscription", "Newsletter");
        assertThat(plan.reasons()).anyMatch(r -> r.contains("the visitor's stronger interest first (subscription 0.60, cta 0.30)"));
        Profile even = profile("quick_decider", Map.of("cta", 0.4, "subscription", 0.4));
        assertThat(planner.plan(even, COFFEE).orElseThrow().order()).as("ties keep page order")
                .startsWith("Header", "Subscription", "Newsletter");
        Profile newsletter = profile("quick_decider", Map.of("cta", 0.5, "subscription", 0.1));
        assertThat(planner.plan(newsletter, COFFEE).orElseThrow().order()).startsWith("Header", "Newsletter", "Subscription");
        // a different order is a different variant
        assertThat(PlanHasher.hash(planner.plan(newsletter, COFFEE).orElseThrow()))
                .isNotEqualTo(PlanHasher.hash(plan));
    }

    static Profile profile(String persona, Map<String, Double> preferences) {
        return new Profile("u", preferences, 300, Map.of(), 20, 2, 4, 0, 150, 0, "desktop", Persona.fromWire(persona), 0.9,
                "test profile", 0);
    }

    static SiteContract withoutPersonas(SiteContract s) {
        return new SiteContract(s.root(), s.name(), s.title(), s.entry(), s.page(), s.component(), s.sections(), s.brand());
    }

    @Test
    void unknownPersonaOrEmptySiteMappingFallsBack() {
        // a persona Tailor does not know can no longer reach the planner: it is rejected where it is read
        assertThatThrownBy(() -> profile("mystery", Map.of("content", 1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mystery'");
        assertThat(planner.plan(profile("none", Map.of("content", 1.0)), ACME)).isEqualTo(Optional.empty());
    }
}
