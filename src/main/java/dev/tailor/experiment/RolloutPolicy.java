package dev.tailor.experiment;

import dev.tailor.config.TailorConfig;
import dev.tailor.config.TailorConfig.RolloutSettings;
import java.util.List;
import java.util.Locale;

/**
 * Judges a rollout stage from what its two arms did, once both have the minimum number of
 * visitors: roll back when the variant converts worse than the original (one-sided
 * two-proportion z-test on goal conversions); go to the next stage when the stage has also run
 * long enough, shows no significant decline, and its conversion is not more than
 * {@code TAILOR_ROLLOUT_MAX_DROP} below the control group's (absence of proof is not proof of
 * absence: a small stage that looks worse waits for more visitors). Pure and deterministic.
 *
 * <p>A stage runs for a while and is checked every few seconds, and testing the same growing
 * data again and again at a fixed threshold would roll back harmless variants far more often
 * than the configured confidence says. So a stage is tested for a decline only at its looks:
 * look k comes when the smaller arm reaches {@code minVisitors × 2^k} visitors, and spends
 * {@code α / 2^(k+1)} of the error budget {@code α = 1 − confidence}. However long a stage runs,
 * the chance of rolling back a variant that does no harm stays at most α.
 */
public final class RolloutPolicy {

    /** Visitors in one arm of a stage and how many of them reached a goal after seeing it. */
    public record Arm(int visitors, int conversions) {
        public double rate() {
            return visitors == 0 ? 0 : (double) conversions / visitors;
        }
    }

    /**
     * What to do with a rollout, and why.
     *
     * @param looks the stage's looks spent, counting this one (store it on the rollout)
     */
    public record Verdict(Action action, String reason, int looks) {
    }

    public enum Action { HOLD, PROMOTE, ROLL_BACK, STOP }

    /**
     * One metric of a stage: its arms, the fixed-horizon comparison (95% interval) and the
     * always-valid sequential test (see {@link SequentialTest}).
     */
    public record MetricResult(Metric metric, Arm treatment, Arm control, Comparison comparison,
                               SequentialTest.Result sequential) {
    }

    /** Everything a judgement looked at, and what it decided. */
    public record Judgement(Verdict verdict, SampleRatio.Check sampleRatio, List<MetricResult> metrics) {
    }

    /** The relative mixing scale of the win test: aimed at 10% relative lifts (see docs/statistics.md). */
    public static final double WIN_TEST_TAU = 0.10;
    /** The relative mixing scale of the guardrail tests: aimed at rises by half of the rate or more. */
    public static final double GUARDRAIL_TEST_TAU = 0.50;

    /**
     * The measured difference between the arms.
     *
     * @param lift        relative change in conversion rate, treatment over control (null without control conversions)
     * @param difference  treatment rate minus control rate
     * @param low         lower end of the 95% interval of the difference
     * @param high        upper end
     * @param z           the test statistic (negative: treatment converts worse)
     */
    public record Comparison(Double lift, double difference, double low, double high, double z) {
    }

    private final RolloutSettings settings;
    /** The threshold of a single, unrepeated test; a stage is promoted only if its data clears it too. */
    private final double criticalZ;

    private final SequentialTest winTest;

    public RolloutPolicy(RolloutSettings settings) {
        this.settings = settings;
        this.criticalZ = inverseNormal(settings.confidence());
        this.winTest = new SequentialTest(1 - settings.confidence(), WIN_TEST_TAU);
    }

    public RolloutSettings settings() {
        return settings;
    }

    /**
     * The guardrails share half of the error budget α, split evenly: together with the decline test's
     * α, a variant that does no harm is rolled back by some test with a chance near α (see docs/statistics.md).
     */
    SequentialTest guardrailTest(int guardrails) {
        return new SequentialTest((1 - settings.confidence()) / (2.0 * Math.max(1, guardrails)), GUARDRAIL_TEST_TAU);
    }

    /** Every metric of a stage, measured: primary first, as {@link RolloutMetrics#all()} orders them. */
    public List<MetricResult> measure(RolloutMetrics metrics, ArmCounts treatment, ArmCounts control) {
        SequentialTest guardrails = guardrailTest(metrics.guardrails().size());
        List<MetricResult> out = new java.util.ArrayList<>();
        for (Metric m : metrics.all()) {
            Arm t = treatment.on(m);
            Arm c = control.on(m);
            SequentialTest test = m.guardrail() ? guardrails : winTest;
            out.add(new MetricResult(m, t, c, compare(t, c), test.test(t.visitors(), t.conversions(), c.visitors(), c.conversions())));
        }
        return out;
    }

    /**
     * Judges a stage on every metric: a sample ratio mismatch found at a judgement (a look of the
     * decline test, or a promotion) stops it; a decline of the primary metric rolls it back, and so
     * does a guardrail that rose
     * significantly rolls it back, whatever the primary metric says; then the primary metric is
     * judged as {@link #judge(Rollout, Arm, Arm, long)} does, and under the {@code better} policy a
     * stage is promoted only when the sequential test has also proven it converts better.
     */
    public Judgement judge(Rollout rollout, RolloutMetrics metrics, ArmCounts treatment, ArmCounts control, long now) {
        SampleRatio.Check srm = SampleRatio.check(treatment.visitors(), control.visitors(), rollout.percent() / 100.0);
        List<MetricResult> results = measure(metrics, treatment, control);
        MetricResult primary = results.get(0);
        Verdict primaryVerdict = judge(rollout, primary.treatment(), primary.control(), now);
        if (rollout.status() != RolloutStatus.ROLLING_OUT || treatment.visitors() < settings.minVisitors()
                || control.visitors() < settings.minVisitors()) {
            return new Judgement(primaryVerdict, srm, results);
        }
        int looks = primaryVerdict.looks();
        // judged when a verdict could follow (a look is due, or the stage would be promoted), not at every check:
        // a p-value watched every few seconds would stop healthy rollouts far more often than 0.1%
        boolean judgement = looks > rollout.looks() || primaryVerdict.action() == Action.PROMOTE;
        if (judgement && srm.mismatch()) {
            return new Judgement(new Verdict(Action.STOP, String.format(Locale.ROOT,
                    "sample ratio mismatch: %d treatment and %d control visitors where %d%% : %d%% was configured"
                            + " (χ² = %.1f, p = %.2g < %s): the assignment or the counting is broken, so no comparison"
                            + " of the arms can be trusted; find the cause, then re-try the variant",
                    treatment.visitors(), control.visitors(), rollout.percent(), 100 - rollout.percent(), srm.chiSquare(),
                    srm.p(), SampleRatio.THRESHOLD), looks), srm, results);
        }
        if (primaryVerdict.action() == Action.ROLL_BACK) {
            return new Judgement(primaryVerdict, srm, results);
        }
        for (MetricResult r : results) {
            if (r.metric().guardrail() && r.sequential().higher()) {
                return new Judgement(new Verdict(Action.ROLL_BACK, String.format(Locale.ROOT,
                        "guardrail %s rose: %.1f%% (%d/%d) of the variant's visitors vs %.1f%% (%d/%d) in control"
                                + " (sequential test Λ = %.3g ≥ %.0f)",
                        r.metric().name(), 100 * r.treatment().rate(), r.treatment().conversions(), r.treatment().visitors(),
                        100 * r.control().rate(), r.control().conversions(), r.control().visitors(),
                        r.sequential().likelihoodRatio(), r.sequential().threshold()), looks), srm, results);
            }
        }
        SequentialTest.Result win = primary.sequential();
        if (primaryVerdict.action() == Action.PROMOTE) {
            if (win.higher()) {
                return new Judgement(new Verdict(Action.PROMOTE, primaryVerdict.reason() + String.format(Locale.ROOT,
                        "; proven better (sequential test Λ = %.3g ≥ %.0f)", win.likelihoodRatio(), win.threshold()), looks),
                        srm, results);
            }
            if (settings.promotion() == TailorConfig.Promotion.BETTER) {
                return new Judgement(new Verdict(Action.HOLD, String.format(Locale.ROOT,
                        "no decline, but not yet proven better (sequential test Λ = %.3g of %.0f; policy: better)",
                        win.likelihoodRatio(), win.threshold()), looks), srm, results);
            }
        }
        return new Judgement(primaryVerdict, srm, results);
    }

    /** The z a decline must reach at look k (0-based): the error budget halves with every look. */
    double criticalZAtLook(int look) {
        double alpha = (1 - settings.confidence()) / Math.pow(2, look + 1);
        return inverseNormal(1 - alpha);
    }

    /** The look the data has reached: 0 at minVisitors in the smaller arm, 1 at twice that, … */
    int lookReached(Arm treatment, Arm control) {
        int smaller = Math.min(treatment.visitors(), control.visitors());
        int look = 0;
        for (long due = 2L * settings.minVisitors(); smaller >= due; due *= 2) {
            look++;
        }
        return look;
    }

    public List<Integer> stages() {
        return settings.stages();
    }

    public Verdict judge(Rollout rollout, Arm treatment, Arm control, long now) {
        int looks = rollout.looks();
        if (rollout.status() != RolloutStatus.ROLLING_OUT) {
            return new Verdict(Action.HOLD, rollout.reason(), looks);
        }
        if (treatment.visitors() < settings.minVisitors() || control.visitors() < settings.minVisitors()) {
            // neither verdict on a handful of visitors: at 5% the variant's arm is small
            return new Verdict(Action.HOLD, String.format(Locale.ROOT, "collecting: %d treatment and %d control visitors of %d each",
                    treatment.visitors(), control.visitors(), settings.minVisitors()), looks);
        }
        Comparison c = compare(treatment, control);
        int look = lookReached(treatment, control);
        if (look >= looks) { // a look is due: test, and spend it whatever the result
            looks = look + 1;
            double threshold = criticalZAtLook(look);
            if (c.z() <= -threshold) {
                return new Verdict(Action.ROLL_BACK, String.format(Locale.ROOT,
                        "conversion %.1f%% (%d/%d) vs %.1f%% (%d/%d) in control: worse at look %d of the stage"
                                + " (z = %.2f ≤ −%.2f; at most %.0f%% chance of this for a variant that does no harm)",
                        100 * treatment.rate(), treatment.conversions(), treatment.visitors(),
                        100 * control.rate(), control.conversions(), control.visitors(), look + 1, c.z(), threshold,
                        100 * (1 - settings.confidence())), looks);
            }
        }
        long ran = now - rollout.stageStartedAt();
        if (ran < settings.minStageTime().toMillis()) {
            return new Verdict(Action.HOLD, "stage has run " + ran / 1000 + " s of " + settings.minStageTime().toSeconds() + " s",
                    looks);
        }
        if (c.z() <= -criticalZ || treatment.rate() < control.rate() * (1 - settings.maxDrop())) {
            // not proven worse, but not clear of it either: more visitors decide before the variant goes further
            return new Verdict(Action.HOLD, String.format(Locale.ROOT,
                    "conversion %.1f%% vs %.1f%% in control (z = %.2f): waiting for more visitors before promoting",
                    100 * treatment.rate(), 100 * control.rate(), c.z()), looks);
        }
        return new Verdict(Action.PROMOTE, String.format(Locale.ROOT,
                "no decline at %d%%: conversion %.1f%% (%d/%d) vs %.1f%% (%d/%d) in control",
                rollout.percent(), 100 * treatment.rate(), treatment.conversions(), treatment.visitors(),
                100 * control.rate(), control.conversions(), control.visitors()), looks);
    }

    /** The stage after {@code percent}, or the last one. */
    public int nextStage(int percent) {
        for (int stage : settings.stages()) {
            if (stage > percent) {
                return stage;
            }
        }
        return 100;
    }

    public static Comparison compare(Arm treatment, Arm control) {
        double p1 = treatment.rate();
        double p2 = control.rate();
        double difference = p1 - p2;
        if (treatment.visitors() == 0 || control.visitors() == 0) {
            return new Comparison(null, difference, Double.NaN, Double.NaN, 0);
        }
        double pooled = (double) (treatment.conversions() + control.conversions()) / (treatment.visitors() + control.visitors());
        double pooledSe = Math.sqrt(pooled * (1 - pooled) * (1.0 / treatment.visitors() + 1.0 / control.visitors()));
        double z = pooledSe == 0 ? 0 : difference / pooledSe;
        double se = Math.sqrt(p1 * (1 - p1) / treatment.visitors() + p2 * (1 - p2) / control.visitors());
        Double lift = p2 == 0 ? null : difference / p2;
        return new Comparison(lift, difference, difference - 1.959964 * se, difference + 1.959964 * se, z);
    }

    /** The standard normal quantile (Acklam's approximation; error below 1.2e-9), for the critical z. */
    static double inverseNormal(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -inverseNormal(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
