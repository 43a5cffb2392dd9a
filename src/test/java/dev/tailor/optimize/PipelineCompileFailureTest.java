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
import dev.tailor.generate.GeneratedCode;
import dev.tailor.generate.Generator;
import dev.tailor.generate.LocalAstGenerator;
import dev.tailor.generate.validate.ValidationFinding;
import dev.tailor.generate.validate.VariantValidator;
import dev.tailor.plan.Plan;
import dev.tailor.plan.PlanHasher;
import dev.tailor.repo.VariantRepo;
import dev.tailor.variant.InMemoryVariantStore;
import dev.tailor.variant.VariantCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * swc4j parses one file; esbuild builds the site. Code a merge can produce that parses and keeps
 * every validator rule but does not build must fail the job with esbuild's words, with nothing
 * committed and nothing live.
 */
class PipelineCompileFailureTest {

    private static final Swc4j SWC4J = new Swc4j();

    @TempDir
    Path tmp;

    private VariantRepo repo;
    private SiteContract site;
    private String page;
    private SiteBuilder builder;

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

    /** The local rewrite, then a small corruption of the kind a model merge makes. */
    private Generator corrupting(UnaryOperator<String> corruption) {
        LocalAstGenerator local = new LocalAstGenerator(SWC4J);
        return (s, source, plan) -> {
            GeneratedCode good = local.generate(s, source, plan);
            return new GeneratedCode(corruption.apply(good.code()), "morph", "morph-v3-fast", 1200, 900, 0.002, "");
        };
    }

    private OptimizationJob run(Generator generator) {
        VariantCatalog catalog = new VariantCatalog(new InMemoryVariantStore(), repo.baseCommit());
        OptimizationPipeline pipeline = new OptimizationPipeline(repo,
                new OptimizationPipeline.Base(site, page, repo.baseCommit()), generator, new VariantValidator(SWC4J),
                builder, new LocalEdgeDeployer(7070), catalog,
                new Experiments(new InMemoryRolloutStore(), new RolloutPolicy(TailorConfig.from(Map.of()).rollout()), Clock.systemUTC()),
                TailorApp.json(), Clock.systemUTC());
        Plan plan = new Planner().plan(PlannerTest.profile("content_explorer", java.util.Map.of("content", 0.9)), site)
                .orElseThrow();
        List<OptimizationJob> seen = new ArrayList<>();
        OptimizationJob done = pipeline.run(OptimizationJob.queued("job-1", "bea", plan, PlanHasher.hash(plan), new OptimizationJob.Trigger("test", 0), 0), seen::add);
        assertThat(catalog.all()).as("nothing is live").isEmpty();
        assertThat(catalog.variantOf("bea")).isEmpty();
        assertThat(seen).extracting(OptimizationJob::status).doesNotContain(JobStage.COMMITTING, JobStage.DEPLOYING, JobStage.LIVE);
        return done;
    }

    @Test
    void anImportTheOriginalDoesNotHaveFailsValidationBeforeAnyBuild() throws Exception {
        String headBefore = repo.history(1).get(0).sha();
        UnaryOperator<String> ghostImport = code -> "import Ghost from \"../sections/Ghost.jsx\";\n" + code;
        Plan plan = new Planner().plan(PlannerTest.profile("content_explorer", java.util.Map.of("content", 0.9)), site).orElseThrow();
        String corrupted = ghostImport.apply(new LocalAstGenerator(SWC4J).generate(site, page, plan).code());
        // a variant may add no import (esbuild would bundle whatever it names), so the AST rules stop it
        assertThat(new VariantValidator(SWC4J).validate(site, page, corrupted, plan))
                .extracting(ValidationFinding::rule).containsExactly("imports");

        OptimizationJob job = run(corrupting(ghostImport));
        assertThat(job.status()).isEqualTo(JobStage.FAILED);
        assertThat(job.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("imports");
            assertThat(f.line()).isEqualTo(1);
            assertThat(f.message()).contains("../sections/Ghost.jsx");
        });
        assertThat(repo.history(1).get(0).sha()).as("no commit").isEqualTo(headBefore);
    }

    @Test
    void aVariantThatIgnoresItsPlanIsNotCommitted() {
        String headBefore = repo.history(1).get(0).sha();
        OptimizationJob job = run(corrupting(code -> page));
        assertThat(job.status()).isEqualTo(JobStage.FAILED);
        assertThat(job.findings()).extracting(ValidationFinding::rule).contains("plan-mismatch");
        assertThat(repo.history(1).get(0).sha()).as("no commit").isEqualTo(headBefore);
    }

    @Test
    void aDuplicateDeclarationFailsTheBuildNotJustTheParse() {
        String headBefore = repo.history(1).get(0).sha();
        OptimizationJob job = run(corrupting(code -> code.replace("export default Landing;",
                "const Landing = null;\nexport default Landing;")));
        assertThat(job.stages()).extracting(OptimizationJob.StageTiming::stage).endsWith(JobStage.BUILDING); // built, failed, never committed
        assertThat(job.status()).isEqualTo(JobStage.FAILED);
        assertThat(job.error()).contains("compile").contains("Landing");
        assertThat(repo.history(1).get(0).sha()).isEqualTo(headBefore);
    }

    @Test
    void aGoodVariantIsCompiledOnceAndCommittedWithItsTimings() throws Exception {
        VariantCatalog catalog = new VariantCatalog(new InMemoryVariantStore(), repo.baseCommit());
        OptimizationPipeline pipeline = new OptimizationPipeline(repo,
                new OptimizationPipeline.Base(site, page, repo.baseCommit()), new LocalAstGenerator(SWC4J),
                new VariantValidator(SWC4J), builder, new LocalEdgeDeployer(7070), catalog,
                new Experiments(new InMemoryRolloutStore(), new RolloutPolicy(TailorConfig.from(Map.of()).rollout()), Clock.systemUTC()),
                TailorApp.json(), Clock.systemUTC());
        Plan plan = new Planner().plan(PlannerTest.profile("content_explorer", java.util.Map.of("content", 0.9)), site)
                .orElseThrow();
        OptimizationJob job = pipeline.run(OptimizationJob.queued("job-2", "bea", plan, PlanHasher.hash(plan), new OptimizationJob.Trigger("test", 0), 0), j -> { });
        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStage.LIVE);
        var deployment = new ObjectMapper().readTree(repo.readFile(job.commit(), "variants/content-rich/deployment.json").orElseThrow());
        assertThat(deployment.path("timings").fieldNames()).toIterable()
                .containsExactly("generation_ms", "validation_ms", "build_ms");
        assertThat(deployment.path("validation_findings").isEmpty()).isTrue();
        assertThat(deployment.path("base_commit").asText()).isEqualTo(repo.baseCommit());
        try (Stream<Path> artifacts = Files.list(tmp.resolve("artifacts"))) {
            assertThat(artifacts.filter(p -> !p.getFileName().toString().startsWith("."))).as("one build, reused").hasSize(1);
        }
    }
}
