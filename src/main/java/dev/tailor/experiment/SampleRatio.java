package dev.tailor.experiment;

/**
 * The sample-ratio-mismatch check: a chi-square goodness-of-fit test (one degree of freedom) of
 * the visitors observed in each arm against the split the rollout configured. A small p-value
 * means the assignment or the counting is broken (visitors lost on one side, bots, a redirect that
 * drops cookies), and no comparison of the arms can be trusted. Pure and deterministic.
 */
public final class SampleRatio {

    /** Below this p-value the split is called broken (the threshold GrowthBook and Statsig use). */
    public static final double THRESHOLD = 0.001;

    /** @param chiSquare the statistic; {@code p} its p-value */
    public record Check(int treatment, int control, double expectedTreatmentShare, double chiSquare, double p) {
        public boolean mismatch() {
            return p < THRESHOLD;
        }
    }

    private SampleRatio() {
    }

    /** @param expectedTreatmentShare the configured share of treatment, in (0, 1) */
    public static Check check(int treatment, int control, double expectedTreatmentShare) {
        int total = treatment + control;
        if (total == 0 || expectedTreatmentShare <= 0 || expectedTreatmentShare >= 1) {
            return new Check(treatment, control, expectedTreatmentShare, 0, 1);
        }
        double expectedTreatment = total * expectedTreatmentShare;
        double expectedControl = total - expectedTreatment;
        double chi = Math.pow(treatment - expectedTreatment, 2) / expectedTreatment
                + Math.pow(control - expectedControl, 2) / expectedControl;
        // with one degree of freedom, P(X² ≥ x) = P(|Z| ≥ √x) = erfc(√(x/2))
        return new Check(treatment, control, expectedTreatmentShare, chi, erfc(Math.sqrt(chi / 2)));
    }

    /** The complementary error function (Numerical Recipes' Chebyshev fit; relative error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
