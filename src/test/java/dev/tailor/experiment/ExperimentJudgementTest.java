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
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Experiments judging a stage on more than the primary metric: a broken assignment stops it, a
 * guardrail rolls it back, a re-try by an admin starts it afresh, the global holdout is never
 * personalized and measures personalization as a whole.
 */
class ExperimentJudgementTest {

    private static final String KEY = "plan@base";

    private final InMemoryRolloutStore store = new InMemoryRolloutStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SplittableRandom random = new SplittableRandom(10);

    private Experiments experiments(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(Map.of("TAILOR_ROLLOUT_MIN_VISITORS", "50", "TAILOR_ROLLOUT_MIN_STAGE_TIME", "0s",
                "TAILOR_ROLLOUT_STAGES", "50,100", "TAILOR_HOLDOUT", "0"));
        env.putAll(settings);
        return new Experiments(store, new RolloutPolicy(TailorConfig.from(env).rollout()),
                RolloutMetrics.of(List.of("signup"), "signup", List.of()), clock);
    }

    /** Visitors load the page; those the route puts in treatment (or control) convert at that rate. */
    private void visitors(Experiments experiments, String prefix, int n, double treatmentRate, double controlRate) {
        for (int i = 0; i < n; i++) {
            String user = prefix + i;
            Experiments.Route route = experiments.route(KEY, user);
            clock.advance(Duration.ofMillis(1));
            if (random.nextDouble() < (route.variant() ? treatmentRate : controlRate)) {
                store.goalReceived(user, "signup", clock.millis());
            }
            store.eventReceived(user, "page_view", 30, clock.millis()); // engaged: no bounce
        }
    }

    @Test
    void judgementsKeepSpacedSnapshotsOfEachArmAndTheLastNumbersOfAStageItsVerdictEnded() {
        Experiments experiments = experiments(Map.of("TAILOR_ROLLOUT_MIN_VISITORS", "100000"));
        experiments.start(KEY, "analytics_prominent", "alyssa");
        experiments.check();
        assertThat(store.snapshots(KEY)).as("no visitor yet: nothing to draw").isEmpty();
        visitors(experiments, "a", 200, 0.2, 0.1);
        experiments.check();
        clock.advance(Duration.ofSeconds(3));
        experiments.check(); // within the 10 s a young stage waits between snapshots
        assertThat(store.snapshots(KEY)).hasSize(1);
        visitors(experiments, "b", 200, 0.2, 0.1);
        clock.advance(Duration.ofSeconds(10));
        experiments.check();

        List<RolloutSnapshot> taken = store.snapshots(KEY);
        assertThat(taken).hasSize(2);
        RolloutSnapshot last = taken.get(1);
        Experiments.Report now = experiments.reports().get(0);
        assertThat(last.stage()).isEqualTo(50);
        assertThat(last.arms().get(Experiments.TREATMENT).on(Metric.goal("signup"))).isEqualTo(now.treatment());
        assertThat(last.arms().get(Experiments.CONTROL).on(Metric.goal("signup"))).isEqualTo(now.control());
        assertThat(last.arms().get(Experiments.TREATMENT).visitors() + last.arms().get(Experiments.CONTROL).visitors()).isEqualTo(400);
        assertThat(taken.get(0).arms().get(Experiments.TREATMENT).visitors()).isLessThan(last.arms().get(Experiments.TREATMENT).visitors());
        assertThat(experiments.measure(last).get(0).treatment()).isEqualTo(now.treatment());

        // a verdict one second later still keeps the stage's final numbers
        Experiments judged = experiments(Map.of("TAILOR_ROLLOUT_MIN_VISITORS", "50"));
        clock.advance(Duration.ofSeconds(1));
        judged.check();
        assertThat(judged.rollout(KEY).orElseThrow().percent()).isEqualTo(100);
        assertThat(store.snapshots(KEY)).hasSize(3);
        assertThat(store.snapshots(KEY).get(2).stage()).isEqualTo(50);
        assertThat(judged.history(KEY)).extracting(RolloutHistoryEntry::percent).containsExactly(50, 100);
    }

    @Test
    void aDeliberatelyBrokenAssignmentIsCaughtAsASampleRatioMismatchAndStopsTheRollout() {
        Experiments experiments = experiments(Map.of());
        experiments.start(KEY, "analytics_prominent", "alyssa");
        // broken: a third of the treatment visitors never get counted (say, a redirect drops them)
        for (int i = 0; i < 2_000; i++) {
            String user = "v" + i;
            if (experiments.arm(KEY, user).variant() && i % 3 == 0) {
                continue;
            }
            experiments.route(KEY, user);
        }
        experiments.check();

        Rollout r = experiments.rollout(KEY).orElseThrow();
        assertThat(r.status()).isEqualTo(RolloutStatus.STOPPED);
        assertThat(r.reason()).contains("sample ratio mismatch", "50% : 50% was configured", "p = ", "< 0.001");
        assertThat(experiments.route(KEY, "v1").variant()).as("a stopped variant is taken back").isFalse();
        assertThat(experiments.route(KEY, "alyssa").variant()).isFalse();
        assertThat(experiments.reports().get(0).sampleRatio().mismatch()).isTrue();
    }

    @Test
    void anAssignmentAsConfiguredPassesTheSampleRatioCheck() {
        Experiments experiments = experiments(Map.of());
        experiments.start(KEY, "analytics_prominent", "alyssa");
        visitors(experiments, "v", 2_000, 0.1, 0.1);
        experiments.check();
        assertThat(experiments.rollout(KEY).orElseThrow().percent()).isEqualTo(100);
        assertThat(experiments.reports().get(0).sampleRatio().p()).isGreaterThan(0.001);
    }

    @Test
    void aVariantThatThrowsErrorsIsRolledBackByItsGuardrailWhateverItsConversion() {
        Experiments experiments = experiments(Map.of());
        experiments.start(KEY, "analytics_prominent", "alyssa");
        for (int i = 0; i < 1_000; i++) {
            String user = "v" + i;
            boolean treatment = experiments.route(KEY, user).variant();
            clock.advance(Duration.ofMillis(1));
            store.goalReceived(user, "signup", clock.millis()); // everyone converts: the primary metric sees no harm
            if (random.nextDouble() < (treatment ? 0.20 : 0.01)) {
                store.eventReceived(user, "error", 0, clock.millis());
            }
        }
        experiments.check();
        Rollout r = experiments.rollout(KEY).orElseThrow();
        assertThat(r.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(r.reason()).contains("guardrail js_errors rose");
    }

    @Test
    void renderFallbacksCountForTheirGuardrailAndRollBack() {
        Experiments experiments = experiments(Map.of());
        experiments.start(KEY, "analytics_prominent", "alyssa");
        for (int i = 0; i < 1_000; i++) {
            String user = "v" + i;
            boolean treatment = experiments.route(KEY, user).variant();
            store.goalReceived(user, "signup", clock.millis());
            if (treatment && i % 4 == 0) {
                experiments.renderFailed(KEY, user); // the edge served the original: the variant failed in this browser
                experiments.renderFailed(KEY, user); // and again on the next load: one visitor, counted once
            }
        }
        experiments.check();
        Experiments.Report report = experiments.reports().get(0);
        assertThat(report.rollout().status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(report.rollout().reason()).contains("guardrail render_fallbacks rose");
        RolloutPolicy.MetricResult fallbacks = report.metrics().stream()
                .filter(m -> m.metric().equals(Metric.RENDER_FALLBACKS)).findFirst().orElseThrow();
        assertThat(fallbacks.control().conversions()).isZero();
        assertThat(fallbacks.treatment().conversions()).isBetween(100, 150);
    }

    @Test
    void underTheBetterPolicyAStageIsPromotedOnlyOnceItIsProvenBetter() {
        Experiments experiments = experiments(Map.of("TAILOR_ROLLOUT_PROMOTE", "better"));
        experiments.start(KEY, "analytics_prominent", "alyssa");
        visitors(experiments, "same", 2_000, 0.10, 0.10);
        experiments.check();
        Rollout held = experiments.rollout(KEY).orElseThrow();
        assertThat(held.percent()).isEqualTo(50);
        assertThat(held.status()).isEqualTo(RolloutStatus.ROLLING_OUT);

        visitors(experiments, "better", 4_000, 0.20, 0.10);
        experiments.check();
        Rollout promoted = experiments.rollout(KEY).orElseThrow();
        assertThat(promoted.percent()).as(promoted.reason()).isEqualTo(100);
        assertThat(promoted.reason()).contains("proven better");
    }

    @Test
    void anUnknownPromotionPolicyNamesTheVariableTheValueAndThePolicies() {
        assertThatThrownBy(() -> TailorConfig.from(Map.of("TAILOR_ROLLOUT_PROMOTE", "BETTER")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TAILOR_ROLLOUT_PROMOTE=BETTER is not valid: unknown rollout promotion 'BETTER':"
                        + " expected one of not_worse, better");
    }

    @Test
    void anAdminCanReTryARolledBackVariantWhichStartsAfreshAndKeepsItsHistory() {
        Experiments experiments = experiments(Map.of());
        experiments.start(KEY, "analytics_prominent", "alyssa");
        visitors(experiments, "bad", 1_000, 0.0, 0.3);
        experiments.check();
        assertThat(experiments.rollout(KEY).orElseThrow().status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThatThrownBy(() -> experiments.retry("nope@base")).isInstanceOf(IllegalArgumentException.class);

        clock.advance(Duration.ofSeconds(1));
        Rollout retried = experiments.retry(KEY);
        assertThat(retried.status()).isEqualTo(RolloutStatus.ROLLING_OUT);
        assertThat(retried.percent()).isEqualTo(50);
        assertThat(retried.reason()).contains("re-tried by an admin", "before: rolled_back");
        assertThatThrownBy(() -> experiments.retry(KEY)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not rolled back or stopped");
        // judged only on visitors from now on: the earlier attempt's numbers are not this one's
        assertThat(experiments.reports().get(0).treatment().visitors()).isZero();
        visitors(experiments, "good", 1_000, 0.3, 0.3);
        experiments.check();
        assertThat(experiments.rollout(KEY).orElseThrow().status()).isEqualTo(RolloutStatus.COMPLETE);
        assertThat(store.history()).extracting(Rollout::status).containsSubsequence(
                RolloutStatus.ROLLING_OUT, RolloutStatus.ROLLED_BACK, RolloutStatus.ROLLING_OUT, RolloutStatus.COMPLETE);
        // and after a restart, from the store
        assertThat(experiments(Map.of()).rollout(KEY).orElseThrow().status()).isEqualTo(RolloutStatus.COMPLETE);
    }

    @Test
    void theGlobalHoldoutIsNeverPersonalizedAndMeasuresPersonalizationAsAWhole() {
        Experiments experiments = experiments(Map.of("TAILOR_HOLDOUT", "10", "TAILOR_ROLLOUT_STAGES", "100"));
        experiments.start(KEY, "analytics_prominent", "alyssa");
        assertThat(experiments.holdout().measured()).isFalse();
        int held = 0;
        for (int i = 0; i < 4_000; i++) {
            String user = "v" + i;
            Experiments.Route route = experiments.route(KEY, user);
            if (experiments.inHoldout(user)) {
                held++;
                assertThat(route.variant()).isFalse();
                assertThat(route.arm()).isEqualTo(Experiments.HOLDOUT);
            } else {
                assertThat(route.variant()).isTrue();
            }
            if (random.nextDouble() < (route.variant() ? 0.15 : 0.10)) {
                store.goalReceived(user, "signup", clock.millis());
            }
        }
        assertThat(held).as("about 10%% of 4,000").isBetween(330, 470);
        assertThat(experiments.route(KEY, "alyssa").variant()).as("the variant's maker always gets it").isTrue();

        Experiments.HoldoutReport holdout = experiments.holdout();
        assertThat(holdout.measured()).isTrue();
        assertThat(holdout.holdout().visitors()).isEqualTo(held);
        assertThat(holdout.personalized().visitors()).isEqualTo(4_000 - held);
        assertThat(holdout.comparison().lift()).isBetween(0.2, 0.8); // 15% vs 10%: +50%
        assertThat(holdout.comparison().low()).isGreaterThan(0);
    }
}
