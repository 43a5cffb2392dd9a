package dev.tailor.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.config.TailorConfig;
import dev.tailor.track.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The statistics of the rollout, proven by simulation over the public code: {@link Experiments}
 * routes every simulated visitor (real bucketing), records their exposure and judges the stage
 * every simulated minute with {@link RolloutPolicy}, exactly as Tailor does; only the outcomes come
 * from a seeded world ({@link SimulatedTraffic}) instead of people. Deterministic: the same numbers
 * every run; they are the ones in docs/statistics.md (the test prints them).
 *
 * <p>Each rollout runs Tailor's default settings (stages 5 → 25 → 100%, 50 visitors per arm, 10
 * minutes per stage, confidence 0.95, so α = 0.05), with 100 eligible visitors a minute and the
 * demo's base rate: 10% of visitors reach a goal, 2% hit a JavaScript error, 0.5% a render
 * fallback, 40% bounce.
 */
class RolloutSimulationTest {

    private static final double ALPHA = 0.05;
    private static final int PER_MINUTE = 100;

    /** What became of one simulated rollout. */
    private record Outcome(RolloutStatus status, int percent, boolean provenBetter, String reason) {
    }

    private static double base(Metric m) {
        return switch (m.kind()) {
            case ANY_GOAL, GOAL -> 0.10;
            case JS_ERROR -> 0.02;
            case RENDER_FALLBACK -> 0.005;
            case BOUNCE -> 0.40;
        };
    }

    private static final SimulatedTraffic.World SAME = (arm, m) -> base(m);

    private static Outcome rollout(long seed, SimulatedTraffic.World world, double loseTreatment, int minutes,
                                   Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(Map.of("TAILOR_HOLDOUT", "0"));
        env.putAll(settings);
        SimulatedTraffic traffic = new SimulatedTraffic(world, RolloutMetrics.DEFAULT.all(), seed).loseTreatment(loseTreatment);
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Experiments experiments = new Experiments(traffic, new RolloutPolicy(TailorConfig.from(env).rollout()),
                RolloutMetrics.DEFAULT, clock);
        String key = "sim" + seed + "@base";
        experiments.start(key, "simulated", "owner");
        boolean provenBetter = false;
        int visitor = 0;
        for (int minute = 0; minute < minutes; minute++) {
            for (int i = 0; i < PER_MINUTE; i++) {
                experiments.route(key, seed + "-" + visitor++);
            }
            clock.advance(Duration.ofMinutes(1));
            int before = experiments.rollout(key).orElseThrow().percent();
            experiments.check();
            Rollout after = experiments.rollout(key).orElseThrow();
            provenBetter |= after.percent() != before && after.reason().contains("proven better");
            if (after.status() != RolloutStatus.ROLLING_OUT) {
                break;
            }
        }
        Rollout end = experiments.rollout(key).orElseThrow();
        return new Outcome(end.status(), end.percent(), provenBetter, end.reason());
    }

    /** Counts of what became of many rollouts. */
    private record Tally(int runs, int rolledBack, int stopped, int complete, int provenBetter, int byGuardrail) {
        double share(int n) {
            return (double) n / runs;
        }
    }

    private static Tally simulate(int runs, long firstSeed, SimulatedTraffic.World world, double loseTreatment, int minutes,
                                  Map<String, String> settings, String guardrail) {
        int rolledBack = 0, stopped = 0, complete = 0, better = 0, byGuardrail = 0;
        for (int r = 0; r < runs; r++) {
            Outcome o = rollout(firstSeed + r, world, loseTreatment, minutes, settings);
            rolledBack += o.status() == RolloutStatus.ROLLED_BACK ? 1 : 0;
            stopped += o.status() == RolloutStatus.STOPPED ? 1 : 0;
            complete += o.status() == RolloutStatus.COMPLETE ? 1 : 0;
            better += o.provenBetter() ? 1 : 0;
            byGuardrail += o.reason().contains("guardrail " + (guardrail == null ? "" : guardrail + " rose")) ? 1 : 0;
        }
        Tally t = new Tally(runs, rolledBack, stopped, complete, better, byGuardrail);
        System.out.printf(Locale.ROOT, "simulation: %d rollouts: rolled back %d (%.1f%%), stopped (SRM) %d (%.1f%%), complete %d,"
                        + " a stage proven better %d (%.1f%%), rolled back by guardrail %s %d (%.1f%%)%n",
                runs, rolledBack, 100 * t.share(rolledBack), stopped, 100 * t.share(stopped), complete, better,
                100 * t.share(better), guardrail == null ? "(any)" : guardrail, byGuardrail, 100 * t.share(byGuardrail));
        return t;
    }

    @Test
    void aaRolloutsUnderTheDefaultPolicyRarelyRollBackStopOrClaimAWin() {
        Tally t = simulate(1_000, 1_000, SAME, 0, 120, Map.of(), null);
        assertThat(t.share(t.rolledBack())).as("false rollbacks").isLessThanOrEqualTo(ALPHA);
        assertThat(t.share(t.provenBetter())).as("false wins").isLessThanOrEqualTo(ALPHA);
        assertThat(t.share(t.stopped())).as("false SRM stops").isLessThanOrEqualTo(0.01);
        assertThat(t.complete()).isGreaterThan(900);
    }

    @Test
    void aaRolloutsUnderTheBetterPolicyWatchedEveryMinuteRarelyClaimAWin() {
        // held at each stage until proven better: the win test is looked at every minute, for an hour
        Tally t = simulate(1_000, 5_000, SAME, 0, 60, Map.of("TAILOR_ROLLOUT_PROMOTE", "better"), null);
        assertThat(t.share(t.provenBetter())).as("false wins").isLessThanOrEqualTo(ALPHA);
        assertThat(t.share(t.rolledBack())).as("false rollbacks").isLessThanOrEqualTo(ALPHA);
    }

    @Test
    void aVariantThatThrowsErrorsIsRolledBackByTheErrorGuardrail() {
        SimulatedTraffic.World broken = (arm, m) -> m.equals(Metric.JS_ERRORS) && arm.equals(Experiments.TREATMENT) ? 0.20 : base(m);
        Tally t = simulate(200, 10_000, broken, 0, 120, Map.of(), "js_errors");
        assertThat(t.share(t.byGuardrail())).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aVariantThatFailsToRenderIsRolledBackByTheFallbackGuardrail() {
        SimulatedTraffic.World broken = (arm, m) -> m.equals(Metric.RENDER_FALLBACKS) && arm.equals(Experiments.TREATMENT) ? 0.10 : base(m);
        Tally t = simulate(200, 20_000, broken, 0, 120, Map.of(), "render_fallbacks");
        assertThat(t.share(t.byGuardrail())).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aBrokenAssignmentIsCaughtBySampleRatioMismatch() {
        Tally half = simulate(200, 30_000, SAME, 0.5, 120, Map.of(), null);
        assertThat(half.share(half.stopped())).as("half the treatment lost").isGreaterThanOrEqualTo(0.95);
        Tally fifth = simulate(200, 40_000, SAME, 0.2, 120, Map.of(), null);
        assertThat(fifth.stopped()).as("a fifth lost: caught less often at these sizes").isLessThan(half.stopped());
    }

    /**
     * Power of the win test alone, 50/50, watched every 500 visitors per arm: the share of 400
     * experiments in which a 10% relative lift (10% → 11%) is proven by n visitors per arm.
     */
    @Test
    void aTenPercentLiftAtTheDemosBaseRateIsProvenWithStatedPower() {
        SequentialTest test = new SequentialTest(ALPHA, RolloutPolicy.WIN_TEST_TAU);
        int[] sizes = {5_000, 10_000, 20_000, 40_000, 80_000};
        int reps = 400;
        int[] proven = new int[sizes.length];
        int falseWins = 0;
        SplittableRandom random = new SplittableRandom(99);
        for (int r = 0; r < reps; r++) {
            int t = 0, c = 0;
            int aaT = 0, aaC = 0;
            boolean wonAa = false;
            int firstWin = Integer.MAX_VALUE;
            for (int n = 500; n <= sizes[sizes.length - 1]; n += 500) {
                for (int i = 0; i < 500; i++) {
                    t += random.nextDouble() < 0.11 ? 1 : 0;
                    c += random.nextDouble() < 0.10 ? 1 : 0;
                    aaT += random.nextDouble() < 0.10 ? 1 : 0;
                    aaC += random.nextDouble() < 0.10 ? 1 : 0;
                }
                if (firstWin == Integer.MAX_VALUE && test.test(n, t, n, c).higher()) {
                    firstWin = n;
                }
                wonAa |= test.test(n, aaT, n, aaC).higher();
            }
            for (int s = 0; s < sizes.length; s++) {
                proven[s] += firstWin <= sizes[s] ? 1 : 0;
            }
            falseWins += wonAa ? 1 : 0;
        }
        StringBuilder line = new StringBuilder("simulation: power of the win test, 10% → 11%, 50/50:");
        for (int s = 0; s < sizes.length; s++) {
            line.append(String.format(Locale.ROOT, " %,d per arm %.1f%%;", sizes[s], 100.0 * proven[s] / reps));
        }
        System.out.println(line + String.format(Locale.ROOT, " A/A false wins by 80,000 per arm %.1f%%", 100.0 * falseWins / reps));
        assertThat((double) falseWins / reps).isLessThanOrEqualTo(ALPHA);
        for (int s = 1; s < sizes.length; s++) {
            assertThat(proven[s]).isGreaterThanOrEqualTo(proven[s - 1]);
        }
        assertThat((double) proven[sizes.length - 1] / reps).as("power at 80,000 per arm").isGreaterThanOrEqualTo(0.8);
    }
}
