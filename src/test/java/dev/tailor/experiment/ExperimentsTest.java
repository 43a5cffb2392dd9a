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
}
