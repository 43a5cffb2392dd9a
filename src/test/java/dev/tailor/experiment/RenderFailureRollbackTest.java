package dev.tailor.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.config.TailorConfig;
import dev.tailor.track.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A variant whose page fails to render in the browsers of a few distinct visitors of its treatment arm is
 * rolled back at once, with the reason "render failures"; one visitor, the owner, automation and the control
 * arm cannot get it there.
 */
class RenderFailureRollbackTest {

    private static final String KEY = "plan@base";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();
    private final List<RolloutStatus> changes = new CopyOnWriteArrayList<>();

    private Experiments experiments(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(Map.of("TAILOR_HOLDOUT", "0", "TAILOR_ROLLOUT_STAGES", "100"));
        env.putAll(settings);
        Experiments experiments = new Experiments(store, new RolloutPolicy(TailorConfig.from(env).rollout()), clock);
        experiments.onStatusChange((key, status) -> changes.add(status));
        experiments.start(KEY, "analytics_prominent", "alyssa");
        return experiments;
    }

    /** The visitor's page load (their exposure), then a moment later their browser's render failure. */
    private void loadsAndFails(Experiments experiments, String visitor) {
        experiments.route(KEY, visitor);
        clock.advance(Duration.ofMillis(10));
        experiments.renderFailed(KEY, visitor);
    }

    @Test
    void threeDistinctVisitorsRollTheVariantBackAtOnceAndOneVisitorReportingOftenCannot() {
        Experiments experiments = experiments(Map.of());
        assertThat(experiments.rollout(KEY).orElseThrow().status()).isEqualTo(RolloutStatus.COMPLETE);

        for (int i = 0; i < 5; i++) {
            loadsAndFails(experiments, "v1");
        }
        loadsAndFails(experiments, "alyssa"); // the owner always gets it: counted in no arm
        loadsAndFails(experiments, "v2");
        assertThat(experiments.rolledBack(KEY)).as("two distinct visitors").isFalse();

        loadsAndFails(experiments, "v3");

        Rollout after = experiments.rollout(KEY).orElseThrow();
        assertThat(after.status()).as("no check() needed: decided when the third was counted").isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(after.reason()).startsWith("rolled back: render failures").contains("3 of the 3 visitors")
                .contains("TAILOR_ROLLBACK_RENDER_FAILURES=3");
        assertThat(experiments.history(KEY)).extracting(RolloutHistoryEntry::reason).last().isEqualTo(after.reason());
        assertThat(changes).as("the deployment follows (Freestyle withdraws its domain)").containsExactly(RolloutStatus.ROLLED_BACK);
        assertThat(experiments.route(KEY, "v1").variant()).as("its visitors get the original").isFalse();
        assertThat(experiments.route(KEY, "someone-new").variant()).isFalse();
    }

    @Test
    void aWorkingVariantsRareFailuresAreLeftToTheGuardrail() {
        Experiments experiments = experiments(Map.of());
        for (int i = 0; i < 20; i++) {
            experiments.route(KEY, "v" + i);
        }
        for (int i = 0; i < 9; i++) {
            loadsAndFails(experiments, "v" + i);
        }
        assertThat(experiments.rolledBack(KEY)).as("9 of 20 fail: fewer than half").isFalse();

        loadsAndFails(experiments, "v9");
        assertThat(experiments.rollout(KEY).orElseThrow().reason()).contains("10 of the 20 visitors");
    }

    @Test
    void theNumberOfVisitorsIsConfigurableButNeverOne() {
        Experiments experiments = experiments(Map.of("TAILOR_ROLLBACK_RENDER_FAILURES", "2"));
        loadsAndFails(experiments, "v1");
        assertThat(experiments.rolledBack(KEY)).isFalse();
        loadsAndFails(experiments, "v2");
        assertThat(experiments.rolledBack(KEY)).isTrue();

        assertThatThrownBy(() -> TailorConfig.from(Map.of("TAILOR_ROLLBACK_RENDER_FAILURES", "1")))
                .hasMessageContaining("TAILOR_ROLLBACK_RENDER_FAILURES");
    }

    @Test
    void visitorsFlaggedAsAutomationDoNotCount() {
        Experiments experiments = experiments(Map.of());
        experiments.flagAutomated("bot");
        loadsAndFails(experiments, "bot");
        loadsAndFails(experiments, "v1");
        loadsAndFails(experiments, "v2");
        assertThat(experiments.rolledBack(KEY)).isFalse();

        loadsAndFails(experiments, "v3");
        assertThat(experiments.rolledBack(KEY)).isTrue();
    }

    @Test
    void onlyTheTreatmentArmCounts() {
        Experiments experiments = experiments(Map.of("TAILOR_ROLLOUT_STAGES", "50,100"));
        List<String> control = new java.util.ArrayList<>();
        List<String> treatment = new java.util.ArrayList<>();
        for (int i = 0; control.size() < 3 || treatment.size() < 3; i++) {
            String visitor = "v" + i;
            (Bucketing.inTreatment(KEY, visitor, 50) ? treatment : control).add(visitor);
        }
        control.subList(0, 3).forEach(v -> loadsAndFails(experiments, v));
        assertThat(experiments.rolledBack(KEY)).as("the original failed to render for control visitors: not the variant").isFalse();

        treatment.subList(0, 3).forEach(v -> loadsAndFails(experiments, v));
        assertThat(experiments.rollout(KEY).orElseThrow().reason()).contains("render failures").contains("50% stage");
    }

    @Test
    void aRetryIsJudgedOnRenderFailuresAfterIt() {
        Experiments experiments = experiments(Map.of());
        List.of("v1", "v2", "v3").forEach(v -> loadsAndFails(experiments, v));
        assertThat(experiments.rolledBack(KEY)).isTrue();
        clock.advance(Duration.ofSeconds(1));

        experiments.retry(KEY);
        experiments.check(); // the failures before the re-try stay in the earlier attempt
        assertThat(experiments.rolledBack(KEY)).isFalse();
        List.of("v4", "v5").forEach(v -> loadsAndFails(experiments, v));
        assertThat(experiments.rolledBack(KEY)).isFalse();
        loadsAndFails(experiments, "v6");
        assertThat(experiments.rolledBack(KEY)).isTrue();
        assertThat(experiments.history(KEY)).extracting(RolloutHistoryEntry::status)
                .containsExactly(RolloutStatus.COMPLETE, RolloutStatus.ROLLED_BACK, RolloutStatus.COMPLETE, RolloutStatus.ROLLED_BACK);
    }
}
