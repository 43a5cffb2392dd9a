package dev.tailor.profile;

import static dev.tailor.profile.Events.DAY;
import static dev.tailor.profile.Events.MINUTE;
import static dev.tailor.profile.Events.T0;
import static dev.tailor.profile.Events.dwell;
import static dev.tailor.profile.Events.engine;
import static dev.tailor.profile.Events.event;
import static dev.tailor.profile.Events.pageView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tailor.track.TrackEvent;
import dev.tailor.visitor.Persona;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileEngineTest {

    /** A half-life so long that nothing decays within a test: shares of raw engaged time. */
    static final Map<String, String> NO_DECAY = Map.of("TAILOR_AFFINITY_HALF_LIFE", "36500d");

    @Test
    void anEventOneHalfLifeOlderCountsHalf() {
        ProfileEngine engine = engine(Map.of("TAILOR_AFFINITY_HALF_LIFE", "7d"));
        engine.apply(dwell("u", "analytics_dashboard", 100, T0));
        engine.apply(dwell("u", "quick_cta", 100, T0 + 7 * DAY));

        Profile p = engine.profile("u").orElseThrow();

        // analytics is one half-life older: 50 against 100
        assertThat(p.preference("analytics")).isEqualTo(0.333);
        assertThat(p.preference("cta")).isEqualTo(0.667);
        // raw seconds are kept unweighted for the explanation
        assertThat(p.topicSeconds()).containsEntry("analytics", 100.0).containsEntry("cta", 100.0);
    }

    @Test
    void theHalfLifeComesFromConfiguration() {
        ProfileEngine engine = engine(Map.of("TAILOR_AFFINITY_HALF_LIFE", "1d"));
        engine.apply(dwell("u", "analytics_dashboard", 100, T0));
        engine.apply(dwell("u", "quick_cta", 100, T0 + 2 * DAY));

        // two half-lives: 25 against 100
        assertThat(engine.profile("u").orElseThrow().preference("analytics")).isEqualTo(0.2);
    }

    @Test
    void aLateEventCountsAsOldAsItIs() {
        ProfileEngine inOrder = engine(Map.of("TAILOR_AFFINITY_HALF_LIFE", "7d"));
        inOrder.apply(dwell("u", "analytics_dashboard", 100, T0));
        inOrder.apply(dwell("u", "quick_cta", 100, T0 + 7 * DAY));
        ProfileEngine late = engine(Map.of("TAILOR_AFFINITY_HALF_LIFE", "7d"));
        late.apply(dwell("u", "quick_cta", 100, T0 + 7 * DAY));
        late.apply(dwell("u", "analytics_dashboard", 100, T0)); // arrives a week late

        assertThat(late.profile("u").orElseThrow().preferences())
                .isEqualTo(inOrder.profile("u").orElseThrow().preferences());
    }

    @Test
    void preferencesAreSharesOfEngagedTimeAndTheProfileExplainsItself() {
        ProfileEngine engine = engine(NO_DECAY);
        // session 1
        engine.apply(dwell("alyssa", "analytics_dashboard", 100, T0));
        engine.apply(dwell("alyssa", "hero", 10, T0 + MINUTE));
        // session 2: after 31 idle minutes
        engine.apply(dwell("alyssa", "quick_metrics", 80, T0 + 32 * MINUTE));
        engine.apply(dwell("alyssa", "hero", 16, T0 + 33 * MINUTE));
        // session 3: the tracker rolled its session id
        engine.apply(event("alyssa", "s-3", "section_dwell", "analytics_dashboard", 32, "desktop", T0 + 34 * MINUTE));

        Profile p = engine.profile("alyssa").orElseThrow();

        assertThat(p.engagedSeconds()).isEqualTo(238);
        assertThat(p.preference("analytics")).isEqualTo(0.891); // 212 / 238
        assertThat(p.preference("brand")).isEqualTo(0.109);
        assertThat(p.preferences().values()).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
        assertThat(p.preferences().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(0.002));
        assertThat(p.sessions()).isEqualTo(3);
        assertThat(p.explanation()).startsWith("212 s of 238 s engaged time was on analytics over 3 sessions");
    }

    @Test
    void aSectionAboutTwoTopicsCountsForBoth() {
        ProfileEngine engine = engine(NO_DECAY);
        engine.apply(dwell("u", "technical_deep_dive", 60, T0));
        engine.apply(dwell("u", "analytics_dashboard", 60, T0));

        Profile p = engine.profile("u").orElseThrow();
        assertThat(p.preference("content")).isEqualTo(0.5);
        assertThat(p.preference("technical")).isEqualTo(0.5);
        assertThat(p.preference("analytics")).isEqualTo(0.5);
    }

    @Test
    void sectionsResolveByAliasAndKebabCaseAndUnmappedNamesAreCounted() {
        ProfileEngine engine = engine(NO_DECAY);
        engine.apply(dwell("u", "pricing", 30, T0)); // an alias of PricingTable (cta)
        engine.apply(dwell("u", "analytics-dashboard", 30, T0)); // kebab-case of AnalyticsDashboard
        engine.apply(dwell("u", "testimonials", 20, T0)); // in no section's names
        engine.apply(dwell("v", "testimonials", 20, T0));
        engine.apply(pageView("v", "s", T0, "desktop")); // no engaged time: says nothing about sections

        Profile p = engine.profile("u").orElseThrow();
        assertThat(p.preference("cta")).isEqualTo(0.375);
        assertThat(p.preference("analytics")).isEqualTo(0.375);
        assertThat(engine.unmappedSections()).containsExactly(Map.entry("testimonials", 2L));
    }

    @Test
    void thirtyIdleMinutesOrANewSessionIdStartAnotherSession() {
        ProfileEngine engine = engine(NO_DECAY);
        engine.apply(pageView("u", null, T0, "desktop"));
        engine.apply(pageView("u", null, T0 + 29 * MINUTE, "desktop"));      // 29 min idle: same session
        engine.apply(pageView("u", null, T0 + 59 * MINUTE + 1, "desktop"));  // 30 min + 1 ms idle: new
        assertThat(engine.profile("u").orElseThrow().sessions()).isEqualTo(2);

        engine.apply(pageView("u", "s-a", T0 + 60 * MINUTE, "desktop"));     // a session id appears: new
        engine.apply(pageView("u", "s-a", T0 + 61 * MINUTE, "desktop"));     // same id: same
        engine.apply(pageView("u", "s-b", T0 + 62 * MINUTE, "desktop"));     // another id: new
        Profile p = engine.profile("u").orElseThrow();
        assertThat(p.sessions()).isEqualTo(4);
        assertThat(p.returnVisits()).isEqualTo(3);
        assertThat(p.pageViews()).isEqualTo(6);
        assertThat(p.pagesPerSession()).isEqualTo(1.5);
    }

    @Test
    void theIdleTimeThatEndsASessionComesFromConfiguration() {
        ProfileEngine engine = engine(Map.of("TAILOR_SESSION_IDLE", "5m"));
        engine.apply(pageView("u", null, T0, "desktop"));
        engine.apply(pageView("u", null, T0 + 6 * MINUTE, "desktop"));
        assertThat(engine.profile("u").orElseThrow().sessions()).isEqualTo(2);
    }

    @Test
    void aSessionOfOnePageAndUnderTenSecondsIsABounce() {
        ProfileEngine engine = engine(NO_DECAY);
        // session 1: one page, 4 s: a bounce
        engine.apply(pageView("u", "s1", T0, "mobile"));
        engine.apply(event("u", "s1", "section_dwell", "hero", 4, null, T0 + 1000));
        // session 2: two pages: engaged
        engine.apply(pageView("u", "s2", T0 + DAY, null));
        engine.apply(pageView("u", "s2", T0 + DAY + 1000, null));
        // session 3: one page but 40 s: engaged
        engine.apply(pageView("u", "s3", T0 + 2 * DAY, "desktop"));
        engine.apply(event("u", "s3", "section_dwell", "hero", 40, null, T0 + 2 * DAY + 1000));
        // session 4 (the open one): one page, no time: a bounce so far
        engine.apply(pageView("u", "s4", T0 + 3 * DAY, "tablet"));

        Profile p = engine.profile("u").orElseThrow();
        assertThat(p.sessions()).isEqualTo(4);
        assertThat(p.bounceRate()).isEqualTo(0.5);
        assertThat(p.avgSessionSeconds()).isEqualTo(11.0); // 44 s over 4 sessions
        assertThat(p.device()).isEqualTo("tablet");        // the device last seen
    }

    @Test
    void goalsAndEventsAreCounted() {
        ProfileEngine engine = engine(NO_DECAY);
        engine.apply(pageView("u", null, T0, null));
        engine.apply(event("u", null, "goal", "quick_cta", 0, null, T0 + 1000));
        Profile p = engine.profile("u").orElseThrow();
        assertThat(p.goals()).isEqualTo(1);
        assertThat(p.events()).isEqualTo(2);
        assertThat(p.device()).isEqualTo("unknown");
        assertThat(p.lastEventAt()).isEqualTo(T0 + 1000);
    }

    @Test
    void thePersonaThresholdComesFromConfiguration() {
        // 60 % analytics, 40 % brand
        Map<String, String> lenient = Map.of("TAILOR_AFFINITY_HALF_LIFE", "36500d", "TAILOR_PERSONA_THRESHOLD", "0.5");
        Map<String, String> strict = Map.of("TAILOR_AFFINITY_HALF_LIFE", "36500d", "TAILOR_PERSONA_THRESHOLD", "0.7");
        for (Map<String, String> env : new Map[] {lenient, strict}) {
            ProfileEngine engine = engine(env);
            engine.apply(dwell("u", "analytics_dashboard", 120, T0));
            engine.apply(dwell("u", "hero", 80, T0 + 1000));
            Profile p = engine.profile("u").orElseThrow();
            if (env == lenient) {
                assertThat(p.persona()).isEqualTo(Persona.DATA_FOCUSED);
                assertThat(p.confidence()).isEqualTo(0.6); // score 0.6 × full evidence (200 s ≥ 120 s)
                assertThat(p.explanation()).contains("persona data_focused (score 0.60 × evidence 1.00)");
            } else {
                assertThat(p.persona()).isEqualTo(Persona.NONE);
                assertThat(p.confidence()).isZero();
            }
        }
    }

    @Test
    void confidenceGrowsWithEvidenceAndTheEvidenceSettingsComeFromConfiguration() {
        Map<String, String> defaults = Map.of("TAILOR_AFFINITY_HALF_LIFE", "36500d");
        Map<String, String> quicker = Map.of("TAILOR_AFFINITY_HALF_LIFE", "36500d", "TAILOR_EVIDENCE_SECONDS", "30");
        Map<String, String> byEvents = Map.of("TAILOR_AFFINITY_HALF_LIFE", "36500d", "TAILOR_EVIDENCE_EVENTS", "2");

        assertThat(after60sOfAnalytics(defaults).confidence()).isEqualTo(0.5);  // 60 s of 120 s evidence
        assertThat(after60sOfAnalytics(quicker).confidence()).isEqualTo(1.0);   // 60 s ≥ 30 s
        assertThat(after60sOfAnalytics(byEvents).confidence()).isEqualTo(1.0);  // 2 events ≥ 2
        assertThat(after60sOfAnalytics(defaults).persona()).isEqualTo(Persona.DATA_FOCUSED);
    }

    private static Profile after60sOfAnalytics(Map<String, String> env) {
        ProfileEngine engine = engine(env);
        engine.apply(dwell("u", "analytics_dashboard", 30, T0));
        engine.apply(dwell("u", "quick_metrics", 30, T0 + 1000));
        return engine.profile("u").orElseThrow();
    }

    @Test
    void thePersonasSessionThresholdsComeFromConfiguration() {
        // one 100 s reading session on content: short of the default 120 s of a deep reader
        Map<String, String> defaults = Map.of("TAILOR_AFFINITY_HALF_LIFE", "36500d");
        Map<String, String> lower = Map.of("TAILOR_AFFINITY_HALF_LIFE", "36500d", "TAILOR_PERSONA_LONG_SESSION_SECONDS", "90");
        assertThat(after100sOfReading(defaults).explanation()).contains("persona content_explorer (score 0.70 ×");
        assertThat(after100sOfReading(lower).explanation()).contains("persona content_explorer (score 1.00 ×");

        // a 30 s visit that went for the call to action, on a desktop: quick only below the short-session threshold
        Map<String, String> shorter = Map.of("TAILOR_AFFINITY_HALF_LIFE", "36500d", "TAILOR_PERSONA_SHORT_SESSION_SECONDS", "20");
        assertThat(after30sOnTheCta(defaults).explanation()).contains("persona quick_decider (score 1.00 ×");
        assertThat(after30sOnTheCta(shorter).explanation()).contains("persona quick_decider (score 0.80 ×");
    }

    private static Profile after100sOfReading(Map<String, String> env) {
        ProfileEngine engine = engine(env);
        engine.apply(dwell("u", "technical_deep_dive", 100, T0));
        return engine.profile("u").orElseThrow();
    }

    private static Profile after30sOnTheCta(Map<String, String> env) {
        ProfileEngine engine = engine(env);
        engine.apply(dwell("u", "quick_cta", 24, T0));
        engine.apply(dwell("u", "hero", 6, T0 + 1000));
        return engine.profile("u").orElseThrow();
    }

    @Test
    void quickDecidersAndContentExplorersAreNamed() {
        ProfileEngine engine = engine(NO_DECAY);
        engine.apply(event("marcus", null, "section_dwell", "quick_cta", 20, "mobile", T0));
        engine.apply(event("marcus", null, "section_dwell", "hero", 15, "mobile", T0 + 1000));
        engine.apply(dwell("alex", "technical_deep_dive", 200, T0));
        engine.apply(dwell("alex", "case_studies", 100, T0 + 1000));
        engine.apply(dwell("alex", "hero", 20, T0 + 2000));

        assertThat(engine.profile("marcus").orElseThrow().persona()).isEqualTo(Persona.QUICK_DECIDER);
        assertThat(engine.profile("alex").orElseThrow().persona()).isEqualTo(Persona.CONTENT_EXPLORER);
    }

    @Test
    void aStoredGroupGivesTheProfilesItsEventsGiveOneByOne() {
        // runs of one visitor (their ids equal, not the same instance), visitors interleaved, an unmapped section,
        // sessions by id and by idle time, a late event
        List<TrackEvent> group = List.of(
                event("alyssa", "s-1", "page_view", null, 0, "desktop", T0),
                dwell(new String("alyssa"), "analytics_dashboard", 40, T0 + 1000),
                dwell("alyssa", "not_in_the_contract", 12, T0 + 2000),
                dwell("marcus", "quick_cta", 20, T0 + 1500),
                event("marcus", null, "goal", null, 0, "mobile", T0 + 1600),
                dwell(new String("alyssa"), "hero", 8, T0 + 40 * MINUTE),
                event("alyssa", "s-2", "section_dwell", "technical_deep_dive", 30, "tablet", T0 + 41 * MINUTE),
                dwell("alyssa", "case_studies", 25, T0 + 500),
                dwell("marcus", "hero", 5, T0 + 3 * DAY));
        ProfileEngine grouped = engine(Map.of("TAILOR_AFFINITY_HALF_LIFE", "1d"));
        ProfileEngine oneByOne = engine(Map.of("TAILOR_AFFINITY_HALF_LIFE", "1d"));

        grouped.onStored(group);
        group.forEach(oneByOne::apply);

        for (String user : List.of("alyssa", "marcus")) {
            assertThat(grouped.profile(user)).isPresent().isEqualTo(oneByOne.profile(user));
        }
        assertThat(grouped.unmappedSections()).isEqualTo(oneByOne.unmappedSections()).containsOnlyKeys("not_in_the_contract");
        assertThat(grouped.drainChanged()).isEqualTo(oneByOne.drainChanged()).containsOnly("alyssa", "marcus");
    }
}
