package dev.tailor.optimize;

import java.util.List;
import java.util.Map;

/**
 * Optimization jobs, persisted so that the API and the dashboard survive restarts. Every write is
 * durable (on disk before it returns).
 */
public interface JobStore {

    /** Stores the job, replacing the one with its id (which keeps its place in the order of creation). */
    void save(OptimizationJob job);

    /** Stores the jobs like {@link #save} each, durably before it returns; an adapter writes them in one transaction. */
    default void saveAll(List<OptimizationJob> jobs) {
        jobs.forEach(this::save);
    }

    /** Every visitor's newest job, read once at start-up so that the trigger never asks the store. */
    Map<String, OptimizationJob> latestPerUser();

    /**
     * The visitor's newest job as stored now: where several nodes share the store, another node's
     * job may be newer than what this node remembers.
     */
    java.util.Optional<OptimizationJob> latestOf(String userId);

    /** The most recently created jobs first, at most {@code limit}. */
    List<OptimizationJob> recent(int limit);

    /** Every stored job counted by stage, with the reused and the generation cost summed (not a window). */
    JobTotals totals();

    /** Jobs a crash left unfinished (neither live nor failed): they are failed at start-up, with that reason. */
    List<OptimizationJob> unfinished();

    /** Deletes the visitor's jobs; returns how many there were. */
    int erase(String userId);
}
