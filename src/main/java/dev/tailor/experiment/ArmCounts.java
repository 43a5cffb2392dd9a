package dev.tailor.experiment;

import java.util.Map;

/**
 * The visitors of one arm of a stage and, per {@link Metric#name()}, how many of them did it at
 * least once after their first exposure.
 */
public record ArmCounts(int visitors, Map<String, Integer> reached) {

    public static final ArmCounts EMPTY = new ArmCounts(0, Map.of());

    public ArmCounts {
        reached = Map.copyOf(reached);
    }

    public int reached(Metric metric) {
        return reached.getOrDefault(metric.name(), 0);
    }

    /** The arm as the decline test sees it, on this metric. */
    public RolloutPolicy.Arm on(Metric metric) {
        return new RolloutPolicy.Arm(visitors, reached(metric));
    }
}
