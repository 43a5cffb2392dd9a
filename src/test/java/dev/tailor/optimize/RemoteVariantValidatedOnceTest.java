package dev.tailor.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import com.caoccao.javet.swc4j.Swc4j;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.TailorApp;
import dev.tailor.build.SiteBuilder;
import dev.tailor.config.SiteContract;
import dev.tailor.config.TailorConfig;
import dev.tailor.deploy.LocalEdgeDeployer;
import dev.tailor.experiment.Experiments;
import dev.tailor.experiment.InMemoryRolloutStore;
import dev.tailor.experiment.RolloutPolicy;
import dev.tailor.generate.FallbackGenerator;
import dev.tailor.generate.GeneratedCode;
import dev.tailor.generate.Generator;
import dev.tailor.generate.LocalAstGenerator;
import dev.tailor.generate.validate.ValidationRule;
import dev.tailor.generate.validate.VariantValidator;
import dev.tailor.plan.Plan;
import dev.tailor.plan.PlanHasher;
import dev.tailor.repo.VariantRepo;
import dev.tailor.variant.InMemoryVariantStore;
import dev.tailor.variant.VariantCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Morph result is validated by the fallback generator, which must know whether to fall back; the
 * pipeline's validating stage then uses those findings instead of running every rule again. Each
 * built-in rule is counted as it runs, so a second validation anywhere would show.
 */
class RemoteVariantValidatedOnceTest {

    private static final Swc4j SWC4J = new Swc4j();

    @TempDir
    Path tmp;

    private VariantRepo repo;
    private SiteContract site;
    private String page;
    private SiteBuilder builder;
    private final Map<String, AtomicInteger> ruleRuns = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        BrightsideSite brightside = BrightsideSite.openIn(tmp);
        repo = brightside.repo();
        site = brightside.site();
        page = brightside.page();
        builder = brightside.builder();
    }

    @AfterEach
    void tearDown() {
        repo.close();
    }

    /** The real built-in rules, each counting its runs. */
    private VariantValidator countingValidator() {
        List<ValidationRule> counted = VariantValidator.BUILTIN_RULES.stream().<ValidationRule>map(rule -> ctx -> {
            ruleRuns.computeIfAbsent(rule.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
            return rule.check(ctx);
        }).toList();
        return new VariantValidator(SWC4J, counted);
    }

    /** A stand-in for Morph: the local rewrite, changed as a merge might change it, billed like Morph. */
    private static Generator morph(UnaryOperator<String> merge) {
        LocalAstGenerator local = new LocalAstGenerator(SWC4J);
        return (s, source, plan) -> new GeneratedCode(merge.apply(local.generate(s, source, plan).code()),
                "morph", "morph-v3-fast", 1200, 900, 0.002, "");
    }

    private OptimizationJob run(Generator morph) {
        VariantValidator validator = countingValidator();
        OptimizationPipeline pipeline = new OptimizationPipeline(repo,
                new OptimizationPipeline.Base(site, page, repo.baseCommit()),
                new FallbackGenerator(morph, new LocalAstGenerator(SWC4J), validator), validator,
                builder, new LocalEdgeDeployer(7070), new VariantCatalog(new InMemoryVariantStore(), repo.baseCommit()),
                new Experiments(new InMemoryRolloutStore(), new RolloutPolicy(TailorConfig.from(Map.of()).rollout()), Clock.systemUTC()),
                TailorApp.json(), Clock.systemUTC());
        Plan plan = new Planner().plan(PlannerTest.profile("content_explorer", Map.of("content", 0.9)), site).orElseThrow();
        return pipeline.run(OptimizationJob.queued("job-1", "bea", plan, PlanHasher.hash(plan),
                new OptimizationJob.Trigger("test", 0), 0), j -> { });
    }

    private Map<String, Integer> runsPerRule() {
        Map<String, Integer> runs = new java.util.TreeMap<>();
        ruleRuns.forEach((rule, n) -> runs.put(rule, n.get()));
        return runs;
    }

    private static Map<String, Integer> everyBuiltinRule(int times) {
        Map<String, Integer> runs = new java.util.TreeMap<>();
        VariantValidator.BUILTIN_RULES.forEach(rule -> runs.put(rule.getClass().getSimpleName(), times));
        return runs;
    }

    @Test
    void aValidMorphResultIsValidatedOnceAndGoesLiveAsMorphs() {
        OptimizationJob job = run(morph(code -> code));

        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStage.LIVE);
        assertThat(job.generator()).isEqualTo("morph");
        assertThat(job.findings()).isEmpty();
        assertThat(job.stages()).extracting(OptimizationJob.StageTiming::stage)
                .containsExactly(JobStage.PLANNING, JobStage.GENERATING, JobStage.VALIDATING, JobStage.BUILDING,
                        JobStage.COMMITTING, JobStage.DEPLOYING);
        assertThat(runsPerRule()).as("every rule ran once, for the one variant").isEqualTo(everyBuiltinRule(1));
    }

    @Test
    void aMorphResultThatFailsValidationFallsBackAndEachVariantIsValidatedOnce() throws Exception {
        // the original unchanged: safe, but not the plan it would be shared as
        OptimizationJob job = run(morph(code -> page));

        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStage.LIVE);
        assertThat(job.generator()).isEqualTo("morph→local");
        assertThat(job.costUsd()).isEqualTo(0.002);
        var deployment = new ObjectMapper().readTree(repo.readFile(job.commit(), "variants/content-rich/deployment.json").orElseThrow());
        assertThat(deployment.path("note").asText()).startsWith("morph result failed validation: plan-mismatch");
        assertThat(runsPerRule()).as("once for Morph's result, once for the local rewrite").isEqualTo(everyBuiltinRule(2));
    }
}
