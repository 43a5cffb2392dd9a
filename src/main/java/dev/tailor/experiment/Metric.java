package dev.tailor.experiment;

import java.util.List;

/**
 * One thing measured per visitor of an arm: whether the visitor did it at least once after their
 * first exposure to the stage. Every metric is a share of the arm's visitors, so one test
 * (two proportions) serves them all.
 *
 * @param name      the name shown on the dashboard and in the API ({@code any_goal}, {@code signup}, {@code js_errors}, …)
 * @param kind      what is counted
 * @param goal      the goal's name for {@link Kind#GOAL}, else null
 * @param guardrail true when a rise is harm (errors, fallbacks, bounce, a site's own guardrail goals)
 */
public record Metric(String name, Kind kind, String goal, boolean guardrail) {

    /** What a metric counts, per visitor, after the visitor's exposure. */
    public enum Kind {
        /** any {@code goal} event (what Tailor measured before metrics had names) */
        ANY_GOAL,
        /** a {@code goal} event with this goal's name */
        GOAL,
        /** an {@code error} event (the tracker reports uncaught JavaScript errors) */
        JS_ERROR,
        /** the variant failed to render in the visitor's browser and the edge served the original */
        RENDER_FALLBACK,
        /** not engaged: fewer than two page views, no goal and under {@value Metric#ENGAGED_SECONDS} s of engaged time */
        BOUNCE
    }

    /** Engaged seconds (summed {@code time_spent}) from which a visitor has not bounced. */
    public static final int ENGAGED_SECONDS = 10;

    public static final Metric ANY_GOAL = new Metric("any_goal", Kind.ANY_GOAL, null, false);
    public static final Metric JS_ERRORS = new Metric("js_errors", Kind.JS_ERROR, null, true);
    public static final Metric RENDER_FALLBACKS = new Metric("render_fallbacks", Kind.RENDER_FALLBACK, null, true);
    public static final Metric BOUNCE = new Metric("bounce", Kind.BOUNCE, null, true);

    /** The guardrails every rollout has, whatever the site configures. */
    public static final List<Metric> BUILT_IN_GUARDRAILS = List.of(JS_ERRORS, RENDER_FALLBACKS, BOUNCE);

    public static Metric goal(String goal) {
        return new Metric(goal, Kind.GOAL, goal, false);
    }

    public static Metric guardrailGoal(String goal) {
        return new Metric(goal, Kind.GOAL, goal, true);
    }
}
