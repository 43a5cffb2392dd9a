package dev.tailor.optimize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.build.Artifact;
import dev.tailor.build.BuildException;
import dev.tailor.build.SiteBuilder;
import dev.tailor.config.SiteContract;
import dev.tailor.deploy.Deployer;
import dev.tailor.deploy.Deployment;
import dev.tailor.experiment.Experiments;
import dev.tailor.generate.GeneratedCode;
import dev.tailor.generate.Generator;
import dev.tailor.generate.validate.RuleId;
import dev.tailor.generate.validate.ValidationFinding;
import dev.tailor.generate.validate.VariantValidator;
import dev.tailor.plan.Plan;
import dev.tailor.plan.PlanHasher;
import dev.tailor.repo.VariantRepo;
import dev.tailor.schedule.Leases;
import dev.tailor.variant.LiveVariant;
import dev.tailor.variant.VariantCatalog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs one optimization job through every stage after the trigger: plan dedup, generation,
 * validation, build (esbuild, before the commit, so only variants that build are committed),
 * git commit, deploy, rollout start, routing. Each stage's time is recorded on the job and
 * every transition is published, so the API and the dashboard show the job as it moves.
 * A failure anywhere fails the job with the reason; the visitor keeps the original site.
 */
public final class OptimizationPipeline {

    /** The original site the variants are made from, at the commit the variant repo pins. */
    public record Base(SiteContract site, String pageSource, String commit) {
    }

    private final VariantRepo repo;
    private volatile Base base;
    private final Generator generator;
    private final VariantValidator validator;
    private final SiteBuilder builder;
    private final Deployer deployer;
    private final VariantCatalog catalog;
    private final Experiments experiments;
    private final ObjectMapper json;
    private final Clock clock;
    private final Leases leases;
    private final Map<String, Object> variantLocks = new ConcurrentHashMap<>();

    public OptimizationPipeline(VariantRepo repo, Base base, Generator generator, VariantValidator validator,
                                SiteBuilder builder, Deployer deployer, VariantCatalog catalog, Experiments experiments,
                                ObjectMapper json, Clock clock) {
        this(repo, base, generator, validator, builder, deployer, catalog, experiments, json, clock, Leases.SINGLE_NODE);
    }

    /**
     * @param leases a variant is made by the one node holding the lease {@code variant:<plan hash>@<base>};
     *               a node that waited for it then finds the variant the other made and reuses it
     */
    public OptimizationPipeline(VariantRepo repo, Base base, Generator generator, VariantValidator validator,
                                SiteBuilder builder, Deployer deployer, VariantCatalog catalog, Experiments experiments,
                                ObjectMapper json, Clock clock, Leases leases) {
        this.leases = leases;
        this.repo = repo;
        this.base = base;
        this.generator = generator;
        this.validator = validator;
        this.builder = builder;
        this.deployer = deployer;
        this.catalog = catalog;
        this.experiments = experiments;
        this.json = json;
        this.clock = clock;
    }

    public Base base() {
        return base;
    }

    /**
     * The original site moved to a new commit: jobs started from now on make variants of
     * {@code next}; a job already running finishes on the base it started with (its variant is
     * then stale, never served).
     */
    public void rebase(Base next) {
        base = next;
    }

    /** Runs the job to {@code live} or {@code failed}; {@code publish} sees every intermediate state. */
    public OptimizationJob run(OptimizationJob queued, Consumer<OptimizationJob> publish) {
        Run run = new Run(queued, publish);
        try {
            // one variant per (plan, base): a second visitor with the same plan waits for the first, then reuses it
            String key = queued.planHash() + "@" + run.base.commit();
            synchronized (variantLocks.computeIfAbsent(key, k -> new Object())) {
                try (Leases.Lease lease = leases.acquire("variant:" + key)) {
                    // what another node made while this one waited: variants first, then their rollouts (saved before them)
                    catalog.refreshVariants();
                    experiments.refresh();
                    return run.execute();
                }
            }
        } catch (StageFailure e) {
            return run.fail(e.getMessage());
        } catch (RuntimeException e) {
            return run.fail("internal error in " + run.job.status() + ": " + e);
        }
    }

    /**
     * Routes the visitors of these queued jobs, all calling for one plan, to its live variant on the
     * current base in one durable write, and answers the jobs as they went live; empty when that
     * plan has no live variant (the job that was making it failed, or the base moved on). A visitor
     * of a plan already live needs no stage but this one, so a flood of them costs one write.
     */
    public java.util.Optional<List<OptimizationJob>> matchAll(String planHash, List<OptimizationJob> queued) {
        java.util.Optional<LiveVariant> live = catalog.find(planHash, base.commit());
        if (live.isEmpty()) {
            return java.util.Optional.empty();
        }
        LiveVariant variant = live.get();
        long now = clock.millis();
        catalog.assignAll(queued.stream().map(OptimizationJob::userId).toList(), variant, now);
        return java.util.Optional.of(queued.stream()
                .map(job -> job.entering(JobStage.PLANNING, now).finishedStage(JobStage.PLANNING, 0, now)
                        .committed(variant.baseCommit(), variant.commit()).built(variant.artifactId())
                        .deployed(variant.deploymentId(), variant.url(), true).entering(JobStage.LIVE, now))
                .toList());
    }

    /** The state of one job as it runs; each stage is timed and published. */
    private final class Run {
        private OptimizationJob job;
        private final Consumer<OptimizationJob> publish;
        /** Read once: a {@link #rebase} while the job runs does not mix two commits in one variant. */
        private final Base base = OptimizationPipeline.this.base;

        Run(OptimizationJob job, Consumer<OptimizationJob> publish) {
            this.job = job;
            this.publish = publish;
        }

        OptimizationJob execute() throws StageFailure {
            Plan plan = job.plan();
            LiveVariant existing = stage(JobStage.PLANNING, () -> catalog.find(job.planHash(), base.commit()).orElse(null));
            if (existing != null) {
                job = job.committed(existing.baseCommit(), existing.commit()).built(existing.artifactId())
                        .deployed(existing.deploymentId(), existing.url(), true);
                return goLive(existing);
            }
            GeneratedCode code = stage(JobStage.GENERATING, () -> generate(base, plan));
            job = job.generated(code.generator(), code.model(), code.costUsd());
            // a remote result the fallback generator kept was validated there, against this base and plan: once is enough
            List<ValidationFinding> findings = stage(JobStage.VALIDATING, () -> code.findings()
                    .orElseGet(() -> validator.validate(base.site(), base.pageSource(), code.code(), plan)));
            job = job.validated(findings);
            failOn(findings);
            // esbuild compiles the whole site with the variant in place before anything is committed: it also
            // rejects what only a bundler sees (a duplicate declaration, an import of a missing file)
            Artifact artifact = stage(JobStage.BUILDING, () -> build(code.code()));
            if (artifact == null) {
                failOn(job.findings());
            }
            job = job.built(artifact.id());
            String audience = catalog.reserveAudience(plan.name(), job.planHash(), base.commit());
            Map<String, Long> timings = new LinkedHashMap<>();
            timings.put("generation_ms", stageMillis(JobStage.GENERATING));
            timings.put("validation_ms", stageMillis(JobStage.VALIDATING));
            timings.put("build_ms", stageMillis(JobStage.BUILDING));
            String commit = stage(JobStage.COMMITTING, () -> repo.commitVariant(audience, base.site().pageFileName(), code.code(),
                    deploymentJson(base, plan, code, findings, timings), commitMessage(plan, code)));
            job = job.committed(base.commit(), commit);
            Deployment deployment = stage(JobStage.DEPLOYING, () -> deployer.deploy(artifact, audience));
            job = job.deployed(deployment.id(), deployment.url(), false);
            LiveVariant variant = new LiveVariant(job.planHash(), base.commit(), audience, plan.name(), commit,
                    artifact.id(), deployment.id(), deployment.url(), clock.millis());
            // the rollout first: a variant must never be routable without one (it would reach everyone at once)
            experiments.start(variant.key(), plan.name(), job.userId());
            catalog.addVariant(variant);
            return goLive(variant);
        }

        private void failOn(List<ValidationFinding> findings) throws StageFailure {
            if (!findings.isEmpty()) {
                throw new StageFailure("validation found " + findings.size() + " problem(s): " + findings.stream()
                        .map(f -> f.rule() + " at " + f.line() + ":" + f.column() + " " + f.message())
                        .collect(Collectors.joining("; ")));
            }
        }

        /** The site built with the variant in place, or null with the compile error recorded as a finding. */
        private Artifact build(String code) {
            try {
                return builder.build(repo.originalCheckout(), base.site().entry(), base.site().title(),
                        base.site().buildFiles(Map.of(base.site().page(), code)));
            } catch (BuildException e) {
                job = job.validated(List.of(compileFinding(base, e.getMessage())));
                return null;
            }
        }

        private long stageMillis(JobStage name) {
            return job.stages().stream().filter(t -> t.stage() == name).mapToLong(OptimizationJob.StageTiming::millis).sum();
        }

        private OptimizationJob goLive(LiveVariant variant) {
            catalog.assign(job.userId(), variant, clock.millis());
            job = job.entering(JobStage.LIVE, clock.millis());
            publish.accept(job);
            return job;
        }

        OptimizationJob fail(String reason) {
            job = job.failed(reason, clock.millis());
            publish.accept(job);
            return job;
        }

        private <T> T stage(JobStage name, StageWork<T> work) throws StageFailure {
            job = job.entering(name, clock.millis());
            publish.accept(job);
            long started = System.nanoTime();
            T result;
            try {
                result = work.run();
            } catch (StageFailure e) {
                throw e;
            } catch (Exception e) {
                throw new StageFailure(name + " failed: " + e.getMessage());
            } finally {
                job = job.finishedStage(name, (System.nanoTime() - started) / 1_000_000, clock.millis());
            }
            return result;
        }
    }

    private GeneratedCode generate(Base base, Plan plan) throws Exception {
        return generator.generate(base.site(), base.pageSource(), plan);
    }

    private static final Pattern ESBUILD_LOCATION = Pattern.compile("([^\\s:;]+):(\\d+):(\\d+): ([^;\\n]+)");

    /** esbuild's first error, located in the page component when that is where it is. */
    private ValidationFinding compileFinding(Base base, String message) {
        String firstLine = message == null ? "esbuild failed" : message.lines().findFirst().orElse(message);
        Matcher at = ESBUILD_LOCATION.matcher(firstLine);
        while (at.find()) {
            if (base.site().page().endsWith(at.group(1)) || at.group(1).endsWith(base.site().page())) {
                return new ValidationFinding(RuleId.COMPILE, Integer.parseInt(at.group(2)), Integer.parseInt(at.group(3)),
                        "esbuild: " + at.group(4).strip());
            }
        }
        return new ValidationFinding(RuleId.COMPILE, 0, 0, firstLine);
    }

    private String deploymentJson(Base base, Plan visitorsPlan, GeneratedCode code, List<ValidationFinding> findings, Map<String, Long> timings) {
        Plan plan = Planner.shared(visitorsPlan); // git keeps the plan's reasons, not the visitor's profile
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("variant", plan.name());
        doc.put("target", plan.target());
        doc.put("plan", plan);
        doc.put("plan_hash", PlanHasher.hash(plan));
        doc.put("reasons", plan.reasons());
        doc.put("generator", code.generator());
        doc.put("model", code.model());
        doc.put("tokens", Map.of("prompt", code.promptTokens(), "completion", code.completionTokens()));
        doc.put("cost_usd", code.costUsd());
        doc.put("note", code.note());
        doc.put("validation_findings", findings);
        doc.put("base_commit", base.commit());
        doc.put("timings", timings);
        doc.put("generated_at", java.time.Instant.ofEpochMilli(clock.millis()).toString());
        doc.put("site", base.site().name());
        doc.put("page", base.site().page());
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write deployment.json", e);
        }
    }

    private static String commitMessage(Plan visitorsPlan, GeneratedCode code) {
        Plan plan = Planner.shared(visitorsPlan);
        return "Variant " + plan.name() + " (" + PlanHasher.hash(plan) + "): " + plan.target() + "\n\n"
                + String.join("\n", plan.reasons().stream().map(r -> "- " + r).toList())
                + "\n\nGenerated by " + code.generator() + " (" + code.model() + ")"
                + (code.note() == null || code.note().isEmpty() ? "" : "\n" + code.note()) + "\n";
    }

    @FunctionalInterface
    private interface StageWork<T> {
        T run() throws Exception;
    }

    private static final class StageFailure extends Exception {
        StageFailure(String message) {
            super(message);
        }
    }
}
