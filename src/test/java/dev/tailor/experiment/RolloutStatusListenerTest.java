package dev.tailor.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.config.TailorConfig;
import dev.tailor.track.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a deployment outside Tailor follows: each change of a rollout's status, once, and nothing else. */
class RolloutStatusListenerTest {

    private static final String KEY = "plan@base";

    @Test
    void aStopAndAReTryAreToldAndStagesAndLooksAreNot() {
        InMemoryRolloutStore store = new InMemoryRolloutStore();
        Experiments experiments = new Experiments(store, new RolloutPolicy(TailorConfig.from(Map.of(
                "TAILOR_ROLLOUT_MIN_VISITORS", "50", "TAILOR_ROLLOUT_MIN_STAGE_TIME", "0s", "TAILOR_ROLLOUT_STAGES", "50,100",
                "TAILOR_HOLDOUT", "0")).rollout()), RolloutMetrics.of(List.of("signup"), "signup", List.of()),
                new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
        List<String> told = new CopyOnWriteArrayList<>();
        experiments.onStatusChange((key, status) -> told.add(key + " " + status.wire()));
        experiments.onStatusChange((key, status) -> {
            throw new IllegalStateException("a broken listener stops neither the rollout nor the others");
        });

        experiments.start(KEY, "analytics_prominent", "alyssa");
        experiments.check(); // too few visitors: holds, looks nothing changed
        // a broken assignment (a third of the treatment never counted) stops the rollout
        for (int i = 0; i < 2_000; i++) {
            String user = "v" + i;
            if (!(experiments.arm(KEY, user).variant() && i % 3 == 0)) {
                experiments.route(KEY, user);
            }
        }
        experiments.check();
        experiments.retry(KEY);

        assertThat(told).containsExactly(KEY + " stopped", KEY + " rolling_out");
        assertThat(experiments.rollout(KEY).orElseThrow().status()).isEqualTo(RolloutStatus.ROLLING_OUT);
    }
}
