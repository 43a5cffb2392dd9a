package dev.tailor.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.config.TailorConfig;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentsTest {

    private Experiments experiments(RolloutStore store) {
        return new Experiments(store, new RolloutPolicy(TailorConfig.from(Map.of("TAILOR_HOLDOUT", "0")).rollout()), Clock.systemUTC());
    }

    @Test
    void erasingTheVisitorWhoMadeAVariantRemovesTheirIdFromItsRollout() {
        InMemoryRolloutStore store = new InMemoryRolloutStore();
        Experiments experiments = experiments(store);
        experiments.start("plan@base", "analytics_prominent", "alyssa");
        assertThat(experiments.route("plan@base", "alyssa").variant()).isTrue();

        assertThat(experiments.erase("alyssa")).isEqualTo(1);
        Rollout after = experiments.rollout("plan@base").orElseThrow();
        assertThat(after.owner()).isNotEqualTo("alyssa");
        assertThat(after.reason()).doesNotContain("alyssa");
        // and so after a restart, from the store
        assertThat(experiments(store).rollout("plan@base").orElseThrow().toString()).doesNotContain("alyssa");
    }

    @Test
    void exposuresBufferedAtShutdownAreWritten() {
        InMemoryRolloutStore store = new InMemoryRolloutStore();
        Experiments experiments = experiments(store);
        experiments.start("plan@base", "analytics_prominent", "alyssa");
        for (int i = 0; i < 40; i++) {
            experiments.route("plan@base", "v" + i);
        }
        experiments.close();
        long stored = store.exposures().size();
        assertThat(stored).isEqualTo(40);
    }

    @Test
    void aFloodOfUniqueVisitorsKeepsABoundedMemoryOfExposuresAndStoresEachFirstOneOnce() {
        InMemoryRolloutStore store = new InMemoryRolloutStore();
        Experiments experiments = experiments(store);
        experiments.start("plan@base", "analytics_prominent", "alyssa");
        int visitors = Experiments.MAX_EXPOSURES_REMEMBERED + 5_000;
        for (int i = 0; i < visitors; i++) {
            experiments.route("plan@base", "v" + i);
        }
        assertThat(experiments.exposuresRemembered()).isEqualTo(Experiments.MAX_EXPOSURES_REMEMBERED);
        experiments.close();
        assertThat(store.exposures()).hasSize(visitors);
        long firstSeen = store.exposures().get(0).at();

        // the first visitor was forgotten in memory: their next page load is queued again, and the store keeps the first
        experiments.route("plan@base", "v0");
        experiments.close();
        assertThat(store.exposures()).hasSize(visitors);
        assertThat(store.exposures().get(0).at()).isEqualTo(firstSeen);
    }

    @Test
    void aVisitorFlaggedAsAutomationIsInNoArmAndTheFilterCanBeTurnedOff() {
        for (String filter : new String[] {"on", "off"}) {
            InMemoryRolloutStore store = new InMemoryRolloutStore();
            Experiments experiments = new Experiments(store, new RolloutPolicy(TailorConfig.from(Map.of("TAILOR_HOLDOUT", "0",
                    "TAILOR_AUTOMATION_FILTER", filter)).rollout()), Clock.systemUTC());
            experiments.start("plan@base", "analytics_prominent", "alyssa");
            for (int i = 0; i < 10; i++) {
                experiments.route("plan@base", "v" + i);
            }
            experiments.flagAutomated("v3");
            experiments.flagAutomated("v3");
            Experiments.Report report = experiments.reports().get(0);
            int counted = report.treatment().visitors() + report.control().visitors();
            assertThat(counted).as(filter).isEqualTo(filter.equals("on") ? 9 : 10);
            assertThat(experiments.automatedVisitors()).isEqualTo(filter.equals("on") ? 1 : 0);
        }
    }
}
