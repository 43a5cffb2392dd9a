package dev.tailor.experiment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a site's rollouts measure: the primary metric (promotion and the decline test), the
 * other named goals (reported), and the guardrails (a significant rise rolls back).
 */
public record RolloutMetrics(Metric primary, List<Metric> secondary, List<Metric> guardrails) {

    public RolloutMetrics {
        secondary = List.copyOf(secondary);
        guardrails = List.copyOf(guardrails);
    }

    /** Any goal as the primary metric and the built-in guardrails: what a site without a metrics block gets. */
    public static final RolloutMetrics DEFAULT = of(List.of(), null, List.of());

    /**
     * @param goals          the site's goals, reported per arm
     * @param primary        the goal rollouts are judged on, one of {@code goals}; null: any goal
     * @param guardrailGoals goals whose rise is harm (e.g. {@code unsubscribe}), beside the built-in guardrails
     */
    public static RolloutMetrics of(List<String> goals, String primary, List<String> guardrailGoals) {
        Metric primaryMetric = primary == null ? Metric.ANY_GOAL : Metric.goal(primary);
        List<Metric> secondary = new ArrayList<>();
        if (primary != null) {
            secondary.add(Metric.ANY_GOAL);
        }
        for (String g : new LinkedHashSet<>(goals)) {
            if (!g.equals(primary)) {
                secondary.add(Metric.goal(g));
            }
        }
        List<Metric> guardrails = new ArrayList<>(Metric.BUILT_IN_GUARDRAILS);
        guardrailGoals.forEach(g -> guardrails.add(Metric.guardrailGoal(g)));
        return new RolloutMetrics(primaryMetric, secondary, guardrails);
    }

    /** Every metric, primary first, then the other goals, then the guardrails. */
    public List<Metric> all() {
        List<Metric> out = new ArrayList<>();
        out.add(primary);
        out.addAll(secondary);
        out.addAll(guardrails);
        return out;
    }

    /** The names, for checking a configuration. */
    public Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        all().forEach(m -> out.add(m.name()));
        return out;
    }
}
