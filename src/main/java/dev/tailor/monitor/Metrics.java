package dev.tailor.monitor;

import dev.tailor.experiment.Experiments;
import dev.tailor.generate.MorphPriceEstimate;
import dev.tailor.experiment.RolloutPolicy;
import dev.tailor.experiment.SequentialTest;
import dev.tailor.optimize.JobStage;
import dev.tailor.optimize.JobStore;
import dev.tailor.optimize.JobTotals;
import dev.tailor.optimize.OptimizationJob;
import dev.tailor.optimize.Optimizer;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.track.EventLog;
import dev.tailor.variant.VariantCatalog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the monitoring dashboard shows, computed from the store and the live indexes: visitors,
 * optimizations (times, success rate, cost), and deployed variants. Only measured numbers:
 * where Tailor has no measurement (the lift from personalization before an experiment has run)
 * it says so instead of printing a number. A snapshot is cached for a second (see {@link #snapshot}),
 * and the event counts come from the event log's in-memory counters, not a scan of the table.
 */
public final class Metrics {

    private static final int JOB_WINDOW = 5_000;

    private final EventLog events;
    private final ProfileEngine profiles;
    private final JobStore jobs;
    private final VariantCatalog catalog;
    private final Experiments experiments;
    private final RolloutExport export;
    private final Site site;
    private final Supplier<Optimizer.Backlog> backlog;
    private final Optional<MorphPriceEstimate> morphEstimate;

    /** The site the dashboard is about: its {@code tailor.json} name and page component. */
    public record Site(String name, String page) {
    }

    /** @param backlog what waits for the trigger and for the job workers now */
    public Metrics(Site site, EventLog events, ProfileEngine profiles, JobStore jobs, VariantCatalog catalog, Experiments experiments,
                   Supplier<Optimizer.Backlog> backlog) {
        this(site, events, profiles, jobs, catalog, experiments, backlog, Optional.empty(), System::nanoTime);
    }

    /** @param morphEstimate the local rewrite priced at Morph's prices, when it generates (no MORPH_API_KEY) */
    public Metrics(Site site, EventLog events, ProfileEngine profiles, JobStore jobs, VariantCatalog catalog, Experiments experiments,
                   Supplier<Optimizer.Backlog> backlog, Optional<MorphPriceEstimate> morphEstimate) {
        this(site, events, profiles, jobs, catalog, experiments, backlog, morphEstimate, System::nanoTime);
    }

    Metrics(Site site, EventLog events, ProfileEngine profiles, JobStore jobs, VariantCatalog catalog, Experiments experiments,
            Supplier<Optimizer.Backlog> backlog, LongSupplier nanoTime) {
        this(site, events, profiles, jobs, catalog, experiments, backlog, Optional.empty(), nanoTime);
    }

    private Metrics(Site site, EventLog events, ProfileEngine profiles, JobStore jobs, VariantCatalog catalog, Experiments experiments,
            Supplier<Optimizer.Backlog> backlog, Optional<MorphPriceEstimate> morphEstimate, LongSupplier nanoTime) {
        this.morphEstimate = morphEstimate;
        this.site = site;
        this.backlog = backlog;
        this.nanoTime = nanoTime;
        this.events = events;
        this.profiles = profiles;
        this.jobs = jobs;
        this.catalog = catalog;
        this.experiments = experiments;
        this.export = new RolloutExport(experiments);
    }

    /** How long one computed snapshot is served: every open dashboard polls every 2 s. */
    static final long CACHE_NANOS = 1_000_000_000L;

    private final LongSupplier nanoTime;
    private final Object computing = new Object();
    private volatile Cached cached;
    private final AtomicLong computations = new AtomicLong();

    private record Cached(long computedAtNanos, Map<String, Object> snapshot) {
    }

    /**
     * The dashboard's numbers, computed at most once per second whatever the number of callers:
     * a caller within a second of the last computation gets that one, and concurrent callers
     * after it wait for a single new computation.
     */
    public Map<String, Object> snapshot() {
        Cached c = cached;
        if (c != null && nanoTime.getAsLong() - c.computedAtNanos < CACHE_NANOS) {
            return c.snapshot;
        }
        synchronized (computing) {
            c = cached;
            long now = nanoTime.getAsLong();
            if (c != null && now - c.computedAtNanos < CACHE_NANOS) {
                return c.snapshot;
            }
            Map<String, Object> fresh = Collections.unmodifiableMap(compute());
            computations.incrementAndGet();
            cached = new Cached(nanoTime.getAsLong(), fresh);
            return fresh;
        }
    }

    /** How many snapshots were computed (not served from the cache). */
    long computations() {
        return computations.get();
    }

    private Map<String, Object> compute() {
        JobTotals totals = jobs.totals();
        List<OptimizationJob> recent = jobs.recent(JOB_WINDOW);
        List<OptimizationJob> live = recent.stream().filter(j -> j.status() == JobStage.LIVE).toList();
        List<OptimizationJob> generated = live.stream().filter(j -> !j.reused()).toList();

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("visitors", visitors());
        out.put("events", Map.of("stored", events.count(), "rejected", events.failedCount()));

        // counts and cost over every job; the times over the newest JOB_WINDOW jobs ("window")
        Map<String, Object> optimizations = new LinkedHashMap<>();
        optimizations.put("total", totals.all());
        optimizations.put("window", recent.size());
        optimizations.put("live", totals.live());
        optimizations.put("failed", totals.failed());
        optimizations.put("running", totals.running());
        optimizations.put("reused_variant", totals.reusedLive());
        optimizations.put("success_rate", totals.live() + totals.failed() == 0 ? null
                : round(1000, (double) totals.live() / (totals.live() + totals.failed())));
        optimizations.put("generation_ms", Distribution.of(stageMillis(generated, JobStage.GENERATING)));
        optimizations.put("build_ms", Distribution.of(stageMillis(generated, JobStage.BUILDING)));
        optimizations.put("deploy_ms", Distribution.of(stageMillis(generated, JobStage.DEPLOYING)));
        optimizations.put("trigger_to_live_ms", Distribution.of(generated.stream().map(OptimizationJob::totalMillis).toList()));
        optimizations.put("trigger_latency_ms", Distribution.of(recent.stream().filter(j -> j.trigger() != null)
                .map(j -> j.trigger().latencyMs()).toList()));
        optimizations.put("by_generator", live.stream().filter(j -> j.generator() != null)
                .collect(Collectors.groupingBy(OptimizationJob::generator, TreeMap::new, Collectors.counting())));
        out.put("optimizations", optimizations);
        out.put("trigger_backlog", backlog(backlog.get()));
        out.put("process", process());

        List<Experiments.Report> reports = experiments.reports();
        double spent = totals.generationUsd();
        int matched = catalog.assignedCount();
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("generation_usd", round(1_000_000, spent));
        cost.put("per_optimization_usd", totals.live() == 0 ? null : round(1_000_000, spent / totals.live()));
        cost.put("per_matched_visitor_usd", matched == 0 ? null : round(1_000_000, spent / matched));
        // measured only once someone converted after seeing a variant: before that there is no such cost to show
        int converted = reports.stream().mapToInt(r -> r.treatment().conversions()).sum();
        cost.put("converted_visitors", converted);
        cost.put("per_converted_visitor_usd", converted == 0 ? null : round(1_000_000, spent / converted));
        cost.put("deployment_usd", 0.0);
        cost.put("note", "generation cost is from the model's reported token usage at published prices; "
                + "the local AST rewrite and the local edge cost nothing");
        morphEstimate.ifPresent(e -> cost.put("morph_estimate", morphEstimate(e)));
        out.put("cost", cost);

        out.put("site", siteRow());
        out.put("variants", variants());
        out.put("impact", impact(reports));
        // matches to a live variant are counted above; the list shows what made or failed to make a variant
        // sections the tracker reported that tailor.json maps to none (issue 12): their seconds count for no topic
        out.put("unmapped_sections", profiles.unmappedSections());
        out.put("recent_jobs", recent.stream().filter(j -> !j.reused()).limit(20).map(Metrics::jobRow).toList());
        return out;
    }

    private Map<String, Object> visitors() {
        Map<String, Long> personas = new TreeMap<>(); // by wire name: the JSON lists them alphabetically
        for (String id : profiles.userIds()) {
            profiles.profile(id).map(p -> p.persona().wire()).ifPresent(p -> personas.merge(p, 1L, Long::sum));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("profiled", profiles.size());
        out.put("matched", catalog.assignedCount()); // their profile calls for a live variant; its rollout decides who sees it
        // of those, the ones whose next page load is the variant: a control-arm visitor (or one on a stale or
        // rolled-back variant) is matched but served the original
        out.put("served", servedPerVariant().values().stream().mapToLong(Long::longValue).sum());
        out.put("by_persona", personas);
        return out;
    }

    /** Per variant key, the visitors assigned to it whose next page load gets it (current base, their rollout's variant arm). */
    private Map<String, Long> servedPerVariant() {
        Map<String, Long> out = new java.util.HashMap<>();
        Map<String, Boolean> current = new java.util.HashMap<>();
        catalog.all().forEach(v -> current.put(v.key(), catalog.isCurrent(v)));
        catalog.assignedVariantKeys().forEach((user, key) -> {
            if (current.getOrDefault(key, false) && experiments.serves(key, user)) {
                out.merge(key, 1L, Long::sum);
            }
        });
        return out;
    }

    /** Which site this is, and the commit of it that variants are made from now (older ones are stale). */
    private Map<String, Object> siteRow() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", site.name());
        out.put("page", site.page());
        out.put("base_commit", shortCommit(catalog.currentBase()));
        return out;
    }

    private static String shortCommit(String commit) {
        return commit == null ? null : commit.substring(0, Math.min(8, commit.length()));
    }

    private List<Map<String, Object>> variants() {
        Map<String, Long> users = catalog.usersPerVariant();
        Map<String, Long> served = servedPerVariant();
        List<Map<String, Object>> out = new ArrayList<>();
        catalog.all().stream().sorted((a, b) -> Long.compare(b.createdAt(), a.createdAt())).forEach(v -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("variant", v.planName());
            row.put("audience", v.audience());
            row.put("plan_hash", v.planHash());
            row.put("base_commit", shortCommit(v.baseCommit()));
            row.put("commit", shortCommit(v.commit()));
            row.put("artifact", v.artifactId());
            row.put("url", v.url());
            row.put("users", users.getOrDefault(v.key(), 0L)); // matched: assigned to it, whatever their arm
            row.put("served", served.getOrDefault(v.key(), 0L));
            experiments.rollout(v.key()).ifPresent(r -> {
                row.put("rollout_percent", r.percent());
                row.put("rollout_status", r.status());
            });
            row.put("stale", !catalog.isCurrent(v));
            row.put("created_at", v.createdAt());
            out.add(row);
        });
        return out;
    }

    /**
     * Before/after impact as the rollouts measured it: goal conversion of visitors who got the
     * variant against the control group who kept the original, in each rollout's current stage.
     */
    private Map<String, Object> impact(List<Experiments.Report> reports) {
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean measured = false;
        boolean simulated = false;
        for (Experiments.Report r : reports) {
            simulated |= r.simulatedVisitors() > 0;
            Map<String, Object> row = export.row(r); // the export's numbers, and the primary metric's summary
            row.put("treatment", Map.of("visitors", r.treatment().visitors(), "conversions", r.treatment().conversions()));
            row.put("control", Map.of("visitors", r.control().visitors(), "conversions", r.control().conversions()));
            boolean both = r.treatment().visitors() > 0 && r.control().visitors() > 0;
            measured |= both;
            if (both) {
                RolloutPolicy.Comparison c = r.comparison();
                row.put("conversion_lift", c.lift() == null ? null : round(1000, c.lift()));
                row.put("difference", round(10_000, c.difference()));
                row.put("difference_95ci", List.of(round(10_000, c.low()), round(10_000, c.high())));
            }
            rows.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("measured", measured);
        out.put("simulated", simulated);
        out.put("metric", "goal conversion after first exposure, variant vs original (control group), current stage");
        out.put("rollouts", rows);
        if (!measured) {
            out.put("note", "no lift is shown until a rollout has visitors in both its variant and its control group");
        }
        out.put("primary_metric", experiments.metrics().primary().name());
        // left out of every arm: their user agent or their pace said they are not people (docs/security.md)
        out.put("automated_visitors", experiments.automatedVisitors());
        out.put("holdout", holdout());
        return out;
    }

    /**
     * Personalization as a whole against the global holdout: the lift and its 95% interval only
     * where both groups have visitors.
     */
    private Map<String, Object> holdout() {
        Experiments.HoldoutReport h = experiments.holdout();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("percent", h.holdoutPercent());
        out.put("metric", h.metric().name());
        out.put("measured", h.measured());
        out.put("simulated_visitors", h.simulatedVisitors());
        out.put("personalized", arm(h.personalized()));
        out.put("holdout", arm(h.holdout()));
        if (h.measured()) {
            RolloutPolicy.Comparison c = h.comparison();
            out.put("lift", c.lift() == null ? null : round(1000, c.lift()));
            out.put("difference", round(10_000, c.difference()));
            out.put("difference_95ci", List.of(round(10_000, c.low()), round(10_000, c.high())));
        } else {
            out.put("note", h.holdoutPercent() == 0 ? "no holdout (TAILOR_HOLDOUT=0): the lift of personalization is not measured"
                    : "no lift is shown until both the holdout and the personalized visitors have been counted");
        }
        return out;
    }

    /** One metric of a stage: each arm with its 95% (Wilson) interval, the comparison and the sequential test. */
    static Map<String, Object> metricRow(RolloutPolicy.MetricResult m, boolean primary) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", m.metric().name());
        row.put("primary", primary);
        row.put("guardrail", m.metric().guardrail());
        row.put("treatment", arm(m.treatment()));
        row.put("control", arm(m.control()));
        RolloutPolicy.Comparison c = m.comparison();
        if (m.treatment().visitors() > 0 && m.control().visitors() > 0) {
            row.put("lift", c.lift() == null ? null : round(1000, c.lift()));
            row.put("difference_95ci", List.of(round(10_000, c.low()), round(10_000, c.high())));
        }
        SequentialTest.Result seq = m.sequential();
        Map<String, Object> sequential = new LinkedHashMap<>();
        sequential.put("likelihood_ratio", round(1000, seq.likelihoodRatio()));
        sequential.put("threshold", round(1000, seq.threshold()));
        sequential.put("always_valid_ci", Double.isNaN(seq.low()) ? null : List.of(round(10_000, seq.low()), round(10_000, seq.high())));
        sequential.put("verdict", seq.higher() ? "higher" : seq.lower() ? "lower" : "undecided");
        row.put("sequential", sequential);
        return row;
    }

    static Map<String, Object> arm(RolloutPolicy.Arm a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("visitors", a.visitors());
        out.put("conversions", a.conversions());
        if (a.visitors() > 0) {
            out.put("rate", round(10_000, a.rate()));
            out.put("rate_95ci", wilson(a.conversions(), a.visitors()));
        }
        return out;
    }

    /** The Wilson score interval (95%) of a proportion: sensible at small counts and at 0 or 100%. */
    static List<Double> wilson(int hits, int n) {
        double z = 1.959964;
        double p = (double) hits / n;
        double denominator = 1 + z * z / n;
        double centre = (p + z * z / (2 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
        return List.of(round(10_000, Math.max(0, centre - half)), round(10_000, Math.min(1, centre + half)));
    }

    private static Map<String, Object> jobRow(OptimizationJob j) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("user_id", j.userId());
        row.put("variant", j.plan().name());
        row.put("status", j.status());
        row.put("reused", j.reused());
        row.put("generator", j.generator());
        row.put("total_ms", j.totalMillis());
        row.put("cost_usd", j.costUsd());
        row.put("created_at", j.createdAt());
        row.put("error", j.error());
        return row;
    }

    private static List<Long> stageMillis(List<OptimizationJob> jobs, JobStage stage) {
        return jobs.stream().map(j -> findStage(j, stage)).flatMap(Optional::stream).toList();
    }

    private static Optional<Long> findStage(OptimizationJob job, JobStage stage) {
        return job.stages().stream().filter(s -> s.stage() == stage).map(OptimizationJob.StageTiming::millis).findFirst();
    }

    /** What Morph would have charged for the local rewrite's generations: labelled an estimate, never a cost. */
    private static Map<String, Object> morphEstimate(MorphPriceEstimate estimate) {
        MorphPriceEstimate.Totals t = estimate.totals();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("estimate", true);
        row.put("generations", t.generations());
        row.put("input_tokens", t.inputTokens());
        row.put("output_tokens", t.outputTokens());
        row.put("usd", round(1_000_000_000, t.usd()));
        row.put("usd_per_million_tokens", Map.of("input", estimate.prices().inputUsdPerMillion(),
                "output", estimate.prices().outputUsdPerMillion()));
        row.put("note", "ESTIMATE, not a measurement: nothing was sent to Morph. What Morph would have charged since this"
                + " server started for the local rewrite's generations, each priced as the Fast Apply request Tailor"
                + " would have sent (input) and the merged file (output), at one token per 3 characters");
        return row;
    }

    static double round(int scale, double d) {
        return Math.round(d * scale) / (double) scale;
    }

    /** Count, mean and percentiles of a list of measurements, or just the count when there are none. */
    /** This JVM's memory: what load tests report next to their figures (RSS from Linux's /proc, when there is one). */
    private static Map<String, Object> process() {
        Runtime jvm = Runtime.getRuntime();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("heap_used_mb", (jvm.totalMemory() - jvm.freeMemory()) >> 20);
        out.put("heap_max_mb", jvm.maxMemory() >> 20);
        out.put("rss_mb", residentMegabytes());
        return out;
    }

    private static Long residentMegabytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: no RSS to report
        }
        return null;
    }

    private static Map<String, Object> backlog(Optimizer.Backlog b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("depth", b.trigger().depth());
        out.put("capacity", b.trigger().capacity());
        out.put("threads", b.trigger().threads());
        out.put("coalesced", b.trigger().coalesced());
        out.put("dropped", b.trigger().dropped());
        out.put("evaluated", b.trigger().evaluated());
        out.put("plans_with_a_job_running", b.plans().running());
        out.put("jobs_waiting_for_their_plan", b.plans().waiting());
        out.put("jobs_coalesced_per_plan", b.plans().laned());
        out.put("matches_waiting_for_their_plan", b.matches());
        return out;
    }

    record Distribution(int count, Double mean, Long p50, Long p95, Long max) {
        static Distribution of(List<Long> values) {
            if (values.isEmpty()) {
                return new Distribution(0, null, null, null, null);
            }
            List<Long> sorted = values.stream().sorted().toList();
            double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(0);
            return new Distribution(sorted.size(), round(10, mean), percentile(sorted, 0.5), percentile(sorted, 0.95),
                    sorted.get(sorted.size() - 1));
        }

        private static long percentile(List<Long> sorted, double q) {
            int index = (int) Math.ceil(q * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }
    }
}
