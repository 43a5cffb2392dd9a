package dev.tailor.experiment;

import dev.tailor.experiment.RolloutPolicy.Arm;
import java.util.List;
import java.util.Map;

/**
 * Where {@link Experiments} keeps every variant's rollout, the history of its stages and the
 * visitors exposed to each stage. Every write is durable (on disk before it returns): a promotion
 * or a rollback is never forgotten by a restart, and buffered exposures, once written, stay.
 */
public interface RolloutStore {

    /** Every rollout as it was last saved. */
    List<Rollout> rollouts();

    /**
     * Stores the rollout, replacing the one with its variant key, and when {@code historyEntry} also
     * adds it to the variant's history; both or neither (one transaction).
     */
    void save(Rollout rollout, boolean historyEntry);

    /**
     * Records the exposures, all or none (one transaction). Only a visitor's first exposure per
     * variant and stage counts: a later one for the same three is ignored.
     */
    void recordExposures(List<Exposure> exposures);

    /**
     * The visitors exposed to this stage of the variant, per arm, and how many of them reached a goal
     * (a {@code goal} event in the event log received at or after their exposure). An arm no visitor
     * was exposed to is missing from the map.
     */
    default Map<String, Arm> arms(String variantKey, int stage) {
        Map<String, Arm> out = new java.util.HashMap<>();
        metrics(variantKey, stage, 0, List.of(Metric.ANY_GOAL)).forEach((arm, counts) -> out.put(arm, counts.on(Metric.ANY_GOAL)));
        return out;
    }

    /**
     * The visitors first exposed to this stage of the variant at or after {@code since}, per arm,
     * and for each metric how many of them did it after their exposure: a goal (any, or the
     * metric's own, in the event log, received at or after the exposure), an {@code error} event,
     * a render fallback (see {@link Exposure#renderFallback}) or a bounce (see {@link Metric.Kind#BOUNCE}).
     * An arm no visitor was exposed to is missing from the map. A visitor flagged as automation (an
     * exposure of {@link Experiments#AUTOMATED_VISITORS}, at any time) is in no arm.
     */
    Map<String, ArmCounts> metrics(String variantKey, int stage, long since, List<Metric> metrics);

    /**
     * How many distinct visitors, in any stage of the variant, have an id that starts with
     * {@code idPrefix} (which holds no {@code %} or {@code _}); ASCII letters match in either case,
     * as SQL's {@code like} compares them.
     */
    int visitorsWithIdPrefix(String variantKey, String idPrefix);

    /** Every entry of the variant's history, oldest first (see {@link #save}). */
    List<RolloutHistoryEntry> history(String variantKey);

    /** Keeps the numbers of a stage at one moment; a second snapshot with the same variant and time replaces the first. */
    void saveSnapshot(RolloutSnapshot snapshot);

    /** Every snapshot of the variant, of all its stages, oldest first. */
    List<RolloutSnapshot> snapshots(String variantKey);

    /** Deletes every exposure of the visitor; returns how many there were. */
    int eraseExposures(String userId);
}
