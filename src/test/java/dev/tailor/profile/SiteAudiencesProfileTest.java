package dev.tailor.profile;

import static dev.tailor.profile.Events.T0;
import static dev.tailor.profile.Events.event;
import static dev.tailor.profile.Events.settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.TailorApp;
import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContractLoader;
import dev.tailor.optimize.Planner;
import dev.tailor.plan.Plan;
import dev.tailor.visitor.Persona;
import dev.tailor.visitor.SiteAudience;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A site's own audiences (examples/kestrel-outfitters): who a visitor is, and the plan they get. */
class SiteAudiencesProfileTest {
    private static final SiteContract KESTREL = new SiteContractLoader(new ObjectMapper()).load(Path.of("examples/kestrel-outfitters"));
    private static final Map<String, String> NO_DECAY = Map.of("TAILOR_AFFINITY_HALF_LIFE", "3650d");

    private final ProfileEngine engine = new ProfileEngine(settings(NO_DECAY), new SectionTopics(KESTREL));

    @Test
    void theStrongestInterestNamesTheAudienceAndTheProfileSaysSo() {
        engine.apply(event("p", "s", "section_dwell", "pricing", 40, "desktop", T0));
        engine.apply(event("p", "s", "section_dwell", "stories", 10, "desktop", T0));
        Profile p = engine.profile("p").orElseThrow();
        assertThat(p.persona()).isEqualTo(new SiteAudience("price_sensitive"));
        assertThat(p.explanation()).contains("audience price_sensitive (score 0.80");
    }

    @Test
    void behaviourAddsToAnInterestButMakesNoneOfItsOwn() {
        // 45% buy, 55% reviews in a 100 s session: on a phone the quick buyer's mobile bonus (0.45 + 0.2) wins
        engine.apply(event("m", "s", "section_dwell", "buy", 45, "mobile", T0));
        engine.apply(event("m", "s", "section_dwell", "stories", 55, "mobile", T0));
        assertThat(engine.profile("m").orElseThrow().persona()).isEqualTo(new SiteAudience("quick_buyer"));
        // the same reading on a laptop: the stories win (0.55 against 0.45)
        engine.apply(event("d", "s", "section_dwell", "buy", 45, "desktop", T0));
        engine.apply(event("d", "s", "section_dwell", "stories", 55, "desktop", T0));
        assertThat(engine.profile("d").orElseThrow().persona()).isEqualTo(new SiteAudience("social_proof_seeker"));
        // no interest in buying at all: however short the visit on a phone, not a quick buyer
        engine.apply(event("h", "s", "section_dwell", "hero", 5, "mobile", T0));
        assertThat(engine.profile("h").orElseThrow().persona()).isEqualTo(Persona.NONE);
    }

    @Test
    void aTieGoesToTheAudienceTheSiteListsFirst() {
        engine.apply(event("t", "s", "section_dwell", "stories", 100, "desktop", T0));
        engine.apply(event("t", "s", "section_dwell", "pricing", 100, "desktop", T0));
        assertThat(engine.profile("t").orElseThrow().persona()).as("price_sensitive is listed before social_proof_seeker")
                .isEqualTo(new SiteAudience("price_sensitive"));
    }

    @Test
    void theAudienceGetsThePlanTheSiteGivesIt() {
        engine.apply(event("q", "s", "section_dwell", "buy", 30, "mobile", T0));
        Profile quick = engine.profile("q").orElseThrow();
        Plan plan = new Planner().plan(quick, KESTREL).orElseThrow();
        assertThat(plan.name()).isEqualTo("fast_checkout");
        assertThat(plan.layoutClass()).as("the site gives this plan no layout class").isNull();
        assertThat(plan.order()).containsExactly("SiteHeader", "BuyNow", "Hero", "SiteFooter");
        assertThat(plan.hidden()).containsExactly("PricingTable", "CustomerStories", "ShippingFaq");
        assertThat(plan.props()).isEqualTo(Map.of("BuyNow", Map.of("urgent", true)));
        assertThat(plan.reasons()).contains("the site's audience quick_buyer gets plan fast_checkout, focused on buy")
                .anyMatch(r -> r.startsWith("audience quick_buyer with confidence"));
    }

    @Test
    void aSiteAudienceIsItsNameInTheStoredJsonAndReadsBack() throws Exception {
        engine.apply(event("j", "s", "section_dwell", "pricing", 30, "desktop", T0));
        ObjectMapper json = TailorApp.json();
        Profile p = engine.profile("j").orElseThrow();
        String stored = json.writeValueAsString(p);
        assertThat(stored).contains("\"persona\":\"price_sensitive\"");
        assertThat(json.readValue(stored, Profile.class)).isEqualTo(p);
    }
}
