package dev.tailor.experiment;

/**
 * The mixture sequential probability ratio test (mSPRT) of a difference between two proportions,
 * with a normal mixing distribution — the always-valid test of Johari, Pekelis and Walsh
 * ("Always valid inference", 2017; Optimizely's Stats Engine). It may be looked at after every
 * visitor: the chance that it ever rejects a true null hypothesis, however long it runs, is at
 * most α. Pure and deterministic.
 *
 * <p>With θ̂ the observed difference (treatment rate − control rate), V its variance and τ² the
 * mixing variance, the likelihood ratio against θ = 0 is
 * {@code Λ = sqrt(V / (V + τ²)) · exp(τ² θ̂² / (2 V (V + τ²)))}; the test rejects when
 * {@code Λ ≥ 1/α}. The test uses the pooled variance (right under the null hypothesis it tests);
 * the always-valid confidence sequence, the set of θ0 the test would not reject, uses the unpooled
 * one: {@code θ̂ ± sqrt(V (V + τ²) / τ² · (2 ln(1/α) + ln((V + τ²)/V)))}.
 *
 * <p>τ is set relative to the pooled rate ({@code τ = relativeTau × p̄}): the test is most
 * powerful for effects near τ, so a relative τ of 0.1 aims it at 10% relative lifts.
 */
public final class SequentialTest {

    /**
     * One evaluation.
     *
     * @param likelihoodRatio Λ against no difference (1 when there is nothing to judge)
     * @param threshold       1/α: Λ at or above it rejects "no difference"
     * @param difference      treatment rate − control rate
     * @param low             lower end of the always-valid (1 − α) confidence sequence of the difference
     * @param high            upper end
     */
    public record Result(double likelihoodRatio, double threshold, double difference, double low, double high) {
        /** The treatment's rate is higher, proven (always valid). */
        public boolean higher() {
            return likelihoodRatio >= threshold && difference > 0;
        }

        /** The treatment's rate is lower, proven (always valid). */
        public boolean lower() {
            return likelihoodRatio >= threshold && difference < 0;
        }
    }

    private final double alpha;
    private final double relativeTau;

    /**
     * @param alpha       the chance, over the whole run, of rejecting when there is no difference
     * @param relativeTau the mixing standard deviation relative to the pooled rate
     */
    public SequentialTest(double alpha, double relativeTau) {
        if (!(alpha > 0 && alpha < 1) || !(relativeTau > 0)) {
            throw new IllegalArgumentException("alpha must be in (0, 1) and relativeTau positive");
        }
        this.alpha = alpha;
        this.relativeTau = relativeTau;
    }

    public double alpha() {
        return alpha;
    }

    public double relativeTau() {
        return relativeTau;
    }

    public Result test(int treatmentVisitors, int treatmentHits, int controlVisitors, int controlHits) {
        double threshold = 1 / alpha;
        if (treatmentVisitors == 0 || controlVisitors == 0) {
            return new Result(1, threshold, 0, Double.NaN, Double.NaN);
        }
        double p1 = (double) treatmentHits / treatmentVisitors;
        double p2 = (double) controlHits / controlVisitors;
        double difference = p1 - p2;
        double pooled = (double) (treatmentHits + controlHits) / (treatmentVisitors + controlVisitors);
        double tau2 = Math.pow(relativeTau * pooled, 2);
        double pooledV = pooled * (1 - pooled) * (1.0 / treatmentVisitors + 1.0 / controlVisitors);
        double lambda = 1;
        if (pooledV > 0 && tau2 > 0) {
            double logLambda = 0.5 * Math.log(pooledV / (pooledV + tau2))
                    + tau2 * difference * difference / (2 * pooledV * (pooledV + tau2));
            lambda = Math.exp(Math.min(logLambda, 700));
        }
        double v = p1 * (1 - p1) / treatmentVisitors + p2 * (1 - p2) / controlVisitors;
        double low = Double.NaN;
        double high = Double.NaN;
        if (v > 0 && tau2 > 0) {
            double half = Math.sqrt(v * (v + tau2) / tau2 * (2 * Math.log(threshold) + Math.log((v + tau2) / v)));
            low = difference - half;
            high = difference + half;
        }
        return new Result(lambda, threshold, difference, low, high);
    }
}
