package dev.tailor.experiment;

import java.util.Map;

/**
 * The numbers of one stage of a rollout at one moment, kept so the dashboard can draw each arm's
 * conversion over time: per arm, its visitors so far in the stage and how many did each metric.
 * Counts only, no visitor ids, so erasure has nothing to do here.
 *
 * @param at    when it was taken (epoch ms)
 * @param stage the rollout's percent then
 * @param arms  by arm ({@link Experiments#TREATMENT}, {@link Experiments#CONTROL}); an arm without visitors is missing
 */
public record RolloutSnapshot(String variantKey, long at, int stage, Map<String, ArmCounts> arms) {

    public RolloutSnapshot {
        arms = Map.copyOf(arms);
    }
}
