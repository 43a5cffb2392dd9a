package dev.tailor.optimize;

import java.util.EnumMap;
import java.util.Map;

/**
 * Every stored job counted, not a window of the newest: what the dashboard's totals and cost are made of,
 * whatever the number of jobs.
 *
 * @param byStage       how many jobs are at each stage now
 * @param reusedLive    live jobs that reused a variant another job made (nothing generated, nothing paid)
 * @param generationUsd the generation cost of every job, summed
 */
public record JobTotals(Map<JobStage, Integer> byStage, int reusedLive, double generationUsd) {

    public static final JobTotals NONE = new JobTotals(Map.of(), 0, 0);

    public JobTotals {
        byStage = byStage.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(byStage));
    }

    public int at(JobStage stage) {
        return byStage.getOrDefault(stage, 0);
    }

    public int all() {
        return byStage.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int live() {
        return at(JobStage.LIVE);
    }

    public int failed() {
        return at(JobStage.FAILED);
    }

    /** Jobs neither live nor failed. */
    public int running() {
        return all() - live() - failed();
    }

    /** Live jobs that made their variant. */
    public int generatedLive() {
        return live() - reusedLive;
    }
}
