package dev.tailor.monitor;

import dev.tailor.experiment.Experiments;
import dev.tailor.experiment.RolloutStatus;
import dev.tailor.optimize.JobStage;
import dev.tailor.optimize.JobStore;
import dev.tailor.optimize.JobTotals;
import dev.tailor.optimize.OptimizationJob;
import dev.tailor.optimize.Optimizer;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.track.EventLog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Tailor for operations, at {@code /metrics} in Prometheus' text format (Micrometer): events stored
 * and rejected, optimization jobs by stage, the time generation took, rollouts by status, visitors
 * profiled, and the trigger's backlog (visitors waiting, changes coalesced and dropped). Read from the same sources as the dashboard when Prometheus scrapes, so nothing on the
 * ingest path pays for it.
 */
public final class PrometheusMetrics {

    /** The jobs counted by stage: the same window as the dashboard's. */
    private static final int JOB_WINDOW = 5_000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JobStore jobs;
    private final Experiments experiments;
    private final Map<JobStage, AtomicInteger> jobsByStage = new EnumMap<>(JobStage.class);
    private final Map<RolloutStatus, AtomicInteger> rolloutsByStatus = new EnumMap<>(RolloutStatus.class);
    private final Timer generation;
    /** Live jobs whose generation time is already in the timer (pruned to the window). */
    private final Set<String> timed = new HashSet<>();
    /**
     * Held here: Micrometer's gauges and function counters keep only a weak reference to what they read, and a
     * supplier nobody else held was collected, after which the scrape said NaN for the trigger's backlog.
     */
    private final Supplier<Optimizer.Backlog> backlog;

    public PrometheusMetrics(EventLog events, ProfileEngine profiles, JobStore jobs, Experiments experiments,
                             Supplier<Optimizer.Backlog> backlog) {
        this.jobs = jobs;
        this.experiments = experiments;
        this.backlog = backlog;
        FunctionCounter.builder("tailor.events.stored", events, EventLog::count)
                .description("events accepted and stored in the event log").register(registry);
        FunctionCounter.builder("tailor.events.rejected", events, EventLog::failedCount)
                .description("events rejected at ingest (kept for inspection)").register(registry);
        Gauge.builder("tailor.visitors.profiled", profiles, ProfileEngine::size).description("visitors with a profile").register(registry);
        for (JobStage stage : JobStage.values()) {
            AtomicInteger count = new AtomicInteger();
            jobsByStage.put(stage, count);
            Gauge.builder("tailor.jobs", count, AtomicInteger::get).tag("stage", stage.wire())
                    .description("optimization jobs by stage, every stored job").register(registry);
        }
        for (RolloutStatus status : RolloutStatus.values()) {
            AtomicInteger count = new AtomicInteger();
            rolloutsByStatus.put(status, count);
            Gauge.builder("tailor.rollouts", count, AtomicInteger::get).tag("status", status.wire())
                    .description("variants' rollouts by status").register(registry);
        }
        Gauge.builder("tailor.trigger.backlog", backlog, b -> b.get().trigger().depth())
                .description("visitors waiting for the trigger or being judged").register(registry);
        FunctionCounter.builder("tailor.trigger.coalesced", backlog, b -> b.get().trigger().coalesced())
                .description("profile changes folded into an evaluation already queued").register(registry);
        FunctionCounter.builder("tailor.trigger.dropped", backlog, b -> b.get().trigger().dropped())
                .description("profile changes not judged because the trigger's queue was full").register(registry);
        Gauge.builder("tailor.jobs.waiting", backlog, b -> b.get().plans().waiting())
                .description("jobs waiting behind a job for the same plan").register(registry);
        Gauge.builder("tailor.matches.waiting", backlog, b -> b.get().matches())
                .description("visitors waiting to be routed to their plan's variant, live or being made").register(registry);
        generation = Timer.builder("tailor.generation").description("time a new variant's code took to generate")
                .publishPercentiles(0.5, 0.95).register(registry);
    }

    /** The metrics now, in Prometheus' text format. */
    public synchronized String scrape() {
        JobTotals totals = jobs.totals();
        jobsByStage.forEach((stage, count) -> count.set(totals.at(stage)));
        List<OptimizationJob> recent = jobs.recent(JOB_WINDOW);
        Set<String> inWindow = new HashSet<>();
        for (OptimizationJob j : recent) {
            inWindow.add(j.id());
            if (j.status() == JobStage.LIVE && !j.reused() && timed.add(j.id())) {
                j.stages().stream().filter(s -> s.stage() == JobStage.GENERATING).findFirst()
                        .ifPresent(s -> generation.record(Duration.ofMillis(s.millis())));
            }
        }
        timed.retainAll(inWindow);
        rolloutsByStatus.values().forEach(c -> c.set(0));
        experiments.rollouts().forEach(r -> rolloutsByStatus.get(r.status()).incrementAndGet());
        return registry.scrape();
    }
}
