package dev.tailor.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The sample-ratio check and the sequential test against values computed by hand (and R). */
class StatisticsTest {

    @Test
    void theChiSquarePValueMatchesTheNormalTail() {
        assertThat(SampleRatio.erfc(0)).isCloseTo(1, within(1e-7));
        // P(|Z| ≥ 1.959964) = 0.05, P(|Z| ≥ 3.290527) = 0.001
        assertThat(SampleRatio.erfc(1.959964 / Math.sqrt(2))).isCloseTo(0.05, within(1e-6));
        assertThat(SampleRatio.erfc(3.290527 / Math.sqrt(2))).isCloseTo(0.001, within(1e-7));
        assertThat(SampleRatio.erfc(-1)).isCloseTo(2 - SampleRatio.erfc(1), within(1e-12));
    }

    @Test
    void aSplitAsConfiguredPassesAndABrokenOneIsCaught() {
        // 50/50 configured, 5,000 vs 5,000: nothing to see
        assertThat(SampleRatio.check(5_000, 5_000, 0.5).p()).isCloseTo(1, within(1e-6));
        // chisq.test(c(5200, 4800), p = c(.5, .5)): X-squared = 16, p-value = 6.334e-05
        SampleRatio.Check broken = SampleRatio.check(5_200, 4_800, 0.5);
        assertThat(broken.chiSquare()).isCloseTo(16, within(1e-9));
        assertThat(broken.p()).isCloseTo(6.334e-5, within(1e-7));
        assertThat(broken.mismatch()).isTrue();
        // 5% configured: 60 of 1,000 in treatment is chance (p ≈ 0.15), 90 is not
        assertThat(SampleRatio.check(60, 940, 0.05).mismatch()).isFalse();
        assertThat(SampleRatio.check(90, 910, 0.05).mismatch()).isTrue();
    }

    @Test
    void theSequentialTestRejectsOnlyPastOneOverAlphaAndItsIntervalCoversTheEstimate() {
        SequentialTest test = new SequentialTest(0.05, 0.1);
        SequentialTest.Result same = test.test(10_000, 1_000, 10_000, 1_000);
        assertThat(same.likelihoodRatio()).isLessThan(1); // no difference: the mixture favours the null
        assertThat(same.higher() || same.lower()).isFalse();
        assertThat(same.low()).isLessThan(0);
        assertThat(same.high()).isGreaterThan(0);

        // 12% vs 10% on 10,000 each: Λ by hand from the formula in SequentialTest's comment
        SequentialTest.Result lift = test.test(10_000, 1_200, 10_000, 1_000);
        double p = 0.11;
        double v = p * (1 - p) * 2 / 10_000;
        double tau2 = Math.pow(0.1 * p, 2);
        double expected = Math.sqrt(v / (v + tau2)) * Math.exp(tau2 * 0.02 * 0.02 / (2 * v * (v + tau2)));
        assertThat(lift.likelihoodRatio()).isCloseTo(expected, within(1e-6 * expected));
        assertThat(lift.higher()).isTrue();
        assertThat(lift.low()).isGreaterThan(0).isLessThan(0.02);

        SequentialTest.Result drop = test.test(10_000, 800, 10_000, 1_000);
        assertThat(drop.lower()).isTrue();
        assertThat(drop.higher()).isFalse();
        assertThat(test.test(0, 0, 10, 1).likelihoodRatio()).isEqualTo(1);
        assertThat(test.test(100, 0, 100, 0).likelihoodRatio()).isEqualTo(1);
    }
}
