package dev.tailor.optimize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Jobs in memory, ordered as the SQLite table orders them: by creation time, then by first save. */
public final class InMemoryJobStore implements JobStore {

    /** In order of each id's first save; replacing a job keeps its place (as an upsert keeps its rowid). */
    private final Map<String, OptimizationJob> jobs = new LinkedHashMap<>();

    @Override
    public synchronized void save(OptimizationJob job) {
        jobs.put(job.id(), job);
    }

    @Override
    public synchronized Map<String, OptimizationJob> latestPerUser() {
        Map<String, OptimizationJob> out = new HashMap<>();
        for (OptimizationJob job : oldestFirst()) {
            out.put(job.userId(), job);
        }
        return out;
    }

    @Override
    public synchronized java.util.Optional<OptimizationJob> latestOf(String userId) {
        return java.util.Optional.ofNullable(latestPerUser().get(userId));
    }

    @Override
    public synchronized List<OptimizationJob> recent(int limit) {
        List<OptimizationJob> newestFirst = oldestFirst();
        java.util.Collections.reverse(newestFirst);
        return List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
    }

    @Override
    public synchronized JobTotals totals() {
        Map<JobStage, Integer> byStage = new java.util.EnumMap<>(JobStage.class);
        jobs.values().forEach(job -> byStage.merge(job.status(), 1, Integer::sum));
        int reusedLive = (int) jobs.values().stream().filter(j -> j.status() == JobStage.LIVE && j.reused()).count();
        return new JobTotals(byStage, reusedLive, jobs.values().stream().mapToDouble(OptimizationJob::costUsd).sum());
    }

    @Override
    public synchronized List<OptimizationJob> unfinished() {
        return jobs.values().stream().filter(job -> !job.finished()).toList();
    }

    @Override
    public synchronized int erase(String userId) {
        int before = jobs.size();
        jobs.values().removeIf(job -> job.userId().equals(userId));
        return before - jobs.size();
    }

    /** A stable sort: jobs created in the same millisecond stay in the order they were first saved. */
    private List<OptimizationJob> oldestFirst() {
        List<OptimizationJob> out = new ArrayList<>(jobs.values());
        out.sort(Comparator.comparingLong(OptimizationJob::createdAt));
        return out;
    }
}
