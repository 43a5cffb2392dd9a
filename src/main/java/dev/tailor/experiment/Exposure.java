package dev.tailor.experiment;

/**
 * A visitor's first page load in one stage of a variant's rollout.
 *
 * @param variantKey {@code planHash@baseCommit}
 * @param stage      the rollout's percent when it happened
 * @param arm        {@link Experiments#TREATMENT} or {@link Experiments#CONTROL}
 * @param at         when (epoch ms): goals reached from then on count for this arm
 *
 * <p>Two other facts ride on the same rows: a visitor's first render fallback in a stage (stage
 * {@code −percent}, arm {@value #RENDER_FALLBACK}: see {@link #renderFallback}), and a visitor's
 * first eligible page load for the global holdout (variant key {@link Experiments#ALL_VARIANTS},
 * stage 0, arm {@code holdout} or {@code personalized}). So erasure and the store's one table cover them.
 */
public record Exposure(String variantKey, int stage, String userId, String arm, long at) {

    /** The arm name of a render fallback row. */
    public static final String RENDER_FALLBACK = "render_fallback";

    /** The variant failed to render in the visitor's browser during this stage (the edge served the original). */
    public static Exposure renderFallback(String variantKey, int stage, String userId, long at) {
        return new Exposure(variantKey, -stage, userId, RENDER_FALLBACK, at);
    }
}
