package dev.tailor.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tailor.config.TailorConfig;
import dev.tailor.experiment.RolloutPolicy.Action;
import dev.tailor.experiment.RolloutPolicy.Arm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutPolicyTest {

    private static final long MIN = 60_000;
    private final RolloutPolicy policy = new RolloutPolicy(TailorConfig.from(Map.of(
            "TAILOR_ROLLOUT_MIN_VISITORS", "100", "TAILOR_ROLLOUT_MIN_STAGE_TIME", "10m")).rollout());
    private final Rollout at5 = new Rollout("k", "analytics_prominent", "alyssa", 5, Rollout.ROLLING_OUT, 0, "started");

    @Test
    void theDefaultStagesAreTheSpecs() {
        assertThat(policy.stages()).containsExactly(5, 25, 100);
        assertThat(policy.nextStage(5)).isEqualTo(25);
        assertThat(policy.nextStage(25)).isEqualTo(100);
    }

    @Test
    void holdsWhileEitherArmHasTooFewVisitors() {
        var verdict = policy.judge(at5, new Arm(40, 4), new Arm(500, 50), 30 * MIN);
        assertThat(verdict.action()).isEqualTo(Action.HOLD);
        assertThat(verdict.reason()).contains("40 treatment and 500 control visitors of 100 each");
    }

    @Test
    void holdsUntilTheStageHasRunLongEnough() {
        var verdict = policy.judge(at5, new Arm(120, 12), new Arm(900, 90), 4 * MIN);
        assertThat(verdict.action()).isEqualTo(Action.HOLD);
        assertThat(verdict.reason()).contains("240 s of 600 s");
    }

    @Test
    void promotesWhenTheVariantIsNotWorse() {
        var verdict = policy.judge(at5, new Arm(120, 13), new Arm(900, 90), 11 * MIN);
        assertThat(verdict.action()).isEqualTo(Action.PROMOTE);
        assertThat(verdict.reason()).contains("no decline at 5%", "10.8% (13/120)", "10.0% (90/900)");
    }

    @Test
    void rollsBackAsSoonAsTheDeclineIsClearWithEnoughVisitorsEvenBeforeTheStageTime() {
        var verdict = policy.judge(at5, new Arm(120, 2), new Arm(600, 120), 2 * MIN);
        assertThat(verdict.action()).isEqualTo(Action.ROLL_BACK);
        assertThat(verdict.reason()).contains("1.7% (2/120)", "20.0% (120/600)", "95% confidence");
    }

    @Test
    void aHandfulOfVisitorsNeverRollsBack() {
        // each of these is "significant" by the z-test alone; none is evidence
        assertThat(policy.judge(at5, new Arm(1, 0), new Arm(40, 30), 30 * MIN).action()).isEqualTo(Action.HOLD);
        assertThat(policy.judge(at5, new Arm(2, 0), new Arm(2, 2), 30 * MIN).action()).isEqualTo(Action.HOLD);
        assertThat(policy.judge(at5, new Arm(11, 0), new Arm(200, 40), 30 * MIN).action()).isEqualTo(Action.HOLD);
    }

    @Test
    void aSmallDipIsNotEnoughToRollBack() {
        var verdict = policy.judge(at5, new Arm(120, 10), new Arm(900, 90), 11 * MIN);
        assertThat(verdict.action()).isEqualTo(Action.PROMOTE);
    }

    @Test
    void finishedRolloutsAreLeftAlone() {
        Rollout done = at5.promotedTo(100, true, 0, "complete");
        assertThat(policy.judge(done, new Arm(1000, 0), new Arm(1000, 500), MIN).action()).isEqualTo(Action.HOLD);
    }

    @Test
    void theComparisonReportsLiftAndAnIntervalThatContainsTheDifference() {
        var c = RolloutPolicy.compare(new Arm(1000, 120), new Arm(1000, 100));
        assertThat(c.lift()).isCloseTo(0.2, within(1e-9));
        assertThat(c.difference()).isCloseTo(0.02, within(1e-9));
        assertThat(c.low()).isLessThan(0.02);
        assertThat(c.high()).isGreaterThan(0.02);
        assertThat(c.z()).isCloseTo(1.43, within(0.01));
        assertThat(RolloutPolicy.compare(new Arm(10, 1), new Arm(10, 0)).lift()).isNull();
    }

    @Test
    void theCriticalValueMatchesTheNormalTable() {
        assertThat(RolloutPolicy.inverseNormal(0.95)).isCloseTo(1.6449, within(1e-4));
        assertThat(RolloutPolicy.inverseNormal(0.99)).isCloseTo(2.3263, within(1e-4));
        assertThat(RolloutPolicy.inverseNormal(0.5)).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void stagesAreConfigurableAndCheckedAtTheBoundary() {
        assertThat(TailorConfig.from(Map.of("TAILOR_ROLLOUT_STAGES", "10, 50,100")).rollout().stages()).isEqualTo(List.of(10, 50, 100));
        for (String bad : List.of("5,25", "25,5,100", "0,100", "5,x,100", "5,25,101")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TailorConfig.from(Map.of("TAILOR_ROLLOUT_STAGES", bad)))
                    .hasMessageContaining("TAILOR_ROLLOUT_STAGES=" + bad).hasMessageContaining("ending at 100");
        }
    }
}
