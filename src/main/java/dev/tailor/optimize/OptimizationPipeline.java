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

    /**
     * The original site the variants are made from, at the commit the variant repo pins.
     *
     * @param pageSources every personalizable page's source, by the page's URL path
     */
    public record Base(SiteContract site, Map<String, String> pageSources, String commit) {
        public Base {
            pageSources = Map.copyOf(pageSources);
            for (SiteContract.SitePage page : site.pages()) {
                if (!pageSources.containsKey(page.path())) {
                    throw new IllegalArgumentException("no source for the page at " + page.path() + " (" + page.page() + ")");
                }
            }
        }

        /** A single-page site's base: {@code pageSource} is its page's. */
        public Base(SiteContract site, String pageSource, String commit) {
            this(site, Map.of(site.primaryPage().path(), pageSource), commit);
        }

        /** The base of the site checked out at {@code checkout}: every page's source read from there. */
        public static Base read(SiteContract site, java.nio.file.Path checkout, String commit) throws java.io.IOException {
            Map<String, String> sources = new LinkedHashMap<>();
            for (SiteContract.SitePage page : site.pages()) {
                sources.put(page.path(), java.nio.file.Files.readString(checkout.resolve(page.page())));
            }
            return new Base(site, sources, commit);
        }

        /** The primary page's source. */
        public String pageSource() {
            return pageSources.get(site.primaryPage().path());
        }

        /**
         * The pages a plan rewrites, the primary first: each page the plan changes; the primary alone
         * when it changes none (a plan of a page whose sections already stand so is still made).
         */
        List<PageRewrite> rewrites(Plan plan) {
            List<PageRewrite> rewrites = new java.util.ArrayList<>();
            for (SiteContract.SitePage page : site.pages()) {
                Plan.PagePlan layout = page == site.primaryPage() ? plan.primaryPage() : plan.otherPages().get(page.path());
                if (layout != null && !layout.leavesAsIs(List.copyOf(page.sections().keySet()))) {
                    rewrites.add(new PageRewrite(page, site.forPage(page), pageSources.get(page.path()), plan.onPage(layout)));
                }
            }
            if (rewrites.isEmpty()) {
                SiteContract.SitePage primary = site.primaryPage();
                rewrites.add(new PageRewrite(primary, site.forPage(primary), pageSource(), plan.onPage(plan.primaryPage())));
            }
            return rewrites;
        }
    }

    /**
     * One page of a variant: the contract as that page sees it, its original source and the plan's layout of it.
     */
    record PageRewrite(SiteContract.SitePage page, SiteContract site, String source, Plan plan) {
    }

    /** A page rewritten, with its code. */
    private record Rewritten(PageRewrite page, GeneratedCode code) {
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
            List<PageRewrite> pages = base.rewrites(plan);
            // one generation per page file (one Morph call each when a key is set), one variant for them all
            List<Rewritten> rewritten = stage(JobStage.GENERATING, () -> generate(pages));
            GeneratedCode code = combined(rewritten);
            job = job.generated(code.generator(), code.model(), code.costUsd());
            // a remote result the fallback generator kept was validated there, against this base and plan: once is enough
            List<ValidationFinding> findings = stage(JobStage.VALIDATING, () -> validate(rewritten));
            job = job.validated(findings);
            failOn(findings);
            // esbuild compiles the whole site with the variant in place before anything is committed: it also
            // rejects what only a bundler sees (a duplicate declaration, an import of a missing file)
            Artifact artifact = stage(JobStage.BUILDING, () -> build(rewritten));
            if (artifact == null) {
                failOn(job.findings());
            }
            job = job.built(artifact.id());
            String audience = catalog.reserveAudience(plan.name(), job.planHash(), base.commit());
            Map<String, Long> timings = new LinkedHashMap<>();
            timings.put("generation_ms", stageMillis(JobStage.GENERATING));
            timings.put("validation_ms", stageMillis(JobStage.VALIDATING));
            timings.put("build_ms", stageMillis(JobStage.BUILDING));
            Map<String, String> files = new LinkedHashMap<>();
            rewritten.forEach(r -> files.put(r.page().page().fileName(), r.code().code()));
            String commit = stage(JobStage.COMMITTING, () -> repo.commitVariant(audience, files,
                    deploymentJson(base, plan, code, findings, timings, rewritten), commitMessage(plan, code)));
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

        /** The site built with every rewritten page in place, or null with the compile error recorded as a finding. */
        private Artifact build(List<Rewritten> rewritten) {
            Map<String, String> overrides = new LinkedHashMap<>();
            rewritten.forEach(r -> overrides.put(r.page().page().page(), r.code().code()));
            try {
                return builder.build(repo.originalCheckout(), base.site().entry(), base.site().title(),
                        base.site().buildFiles(Map.copyOf(overrides)));
            } catch (BuildException e) {
                job = job.validated(List.of(compileFinding(base, e.getMessage())));
                return null;
            }
        }

        /** Each page's findings (the ones its generator already ran, or a validation now), named by page when there are several. */
        private List<ValidationFinding> validate(List<Rewritten> rewritten) {
            List<ValidationFinding> all = new java.util.ArrayList<>();
            for (Rewritten r : rewritten) {
                PageRewrite page = r.page();
                List<ValidationFinding> found = r.code().findings()
                        .orElseGet(() -> validator.validate(page.site(), page.source(), r.code().code(), page.plan()));
                for (ValidationFinding f : found) {
                    all.add(rewritten.size() == 1 ? f
                            : new ValidationFinding(f.rule(), f.line(), f.column(), page.page().page() + ": " + f.message()));
                }
            }
            return all;
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

    private List<Rewritten> generate(List<PageRewrite> pages) throws Exception {
        List<Rewritten> out = new java.util.ArrayList<>();
        for (PageRewrite page : pages) {
            try {
                out.add(new Rewritten(page, generator.generate(page.site(), page.source(), page.plan())));
            } catch (dev.tailor.generate.GenerationException e) {
                throw pages.size() == 1 ? e : new dev.tailor.generate.GenerationException(page.page().page() + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * The variant's generation as one record: its generators and models (each named once), the tokens and cost
     * of every page's calls, every page's note. The code is the primary rewritten page's; a single page's is itself.
     */
    private static GeneratedCode combined(List<Rewritten> rewritten) {
        if (rewritten.size() == 1) {
            return rewritten.get(0).code();
        }
        List<GeneratedCode> codes = rewritten.stream().map(Rewritten::code).toList();
        String notes = rewritten.stream().filter(r -> r.code().note() != null && !r.code().note().isEmpty())
                .map(r -> r.page().page().page() + ": " + r.code().note()).collect(Collectors.joining("; "));
        return new GeneratedCode(codes.get(0).code(),
                codes.stream().map(GeneratedCode::generator).distinct().collect(Collectors.joining(",")),
                codes.stream().map(GeneratedCode::model).distinct().collect(Collectors.joining(",")),
                codes.stream().mapToLong(GeneratedCode::promptTokens).sum(),
                codes.stream().mapToLong(GeneratedCode::completionTokens).sum(),
                codes.stream().mapToDouble(GeneratedCode::costUsd).sum(), notes);
    }

    private static final Pattern ESBUILD_LOCATION = Pattern.compile("([^\\s:;]+):(\\d+):(\\d+): ([^;\\n]+)");

    /** esbuild's first error, located in a page component when that is where it is (named, when the site has several). */
    private ValidationFinding compileFinding(Base base, String message) {
        String firstLine = message == null ? "esbuild failed" : message.lines().findFirst().orElse(message);
        Matcher at = ESBUILD_LOCATION.matcher(firstLine);
        while (at.find()) {
            for (SiteContract.SitePage page : base.site().pages()) {
                if (page.page().endsWith(at.group(1)) || at.group(1).endsWith(page.page())) {
                    String where = base.site().pages().size() == 1 ? "" : page.page() + ": ";
                    return new ValidationFinding(RuleId.COMPILE, Integer.parseInt(at.group(2)), Integer.parseInt(at.group(3)),
                            where + "esbuild: " + at.group(4).strip());
                }
            }
        }
        return new ValidationFinding(RuleId.COMPILE, 0, 0, firstLine);
    }

    private String deploymentJson(Base base, Plan visitorsPlan, GeneratedCode code, List<ValidationFinding> findings,
                                  Map<String, Long> timings, List<Rewritten> rewritten) {
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
        if (base.site().pages().size() > 1) {
            // URL path → the page file this variant rewrote; the site's other pages are the original's
            Map<String, String> pages = new LinkedHashMap<>();
            rewritten.forEach(r -> pages.put(r.page().page().path(), r.page().page().page()));
            doc.put("pages", pages);
        }
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
