package dev.tailor.experiment;

/**
 * A visitor's first page load in one stage of a variant's rollout.
 *
 * @param variantKey {@code planHash@baseCommit}
 * @param stage      the rollout's percent when it happened
 * @param arm        {@link Experiments#TREATMENT} or {@link Experiments#CONTROL}
 * @param at         when (epoch ms): goals reached from then on count for this arm
 */
public record Exposure(String variantKey, int stage, String userId, String arm, long at) {
}
