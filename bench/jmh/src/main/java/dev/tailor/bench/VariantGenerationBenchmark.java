package dev.tailor.bench;

import com.caoccao.javet.swc4j.Swc4j;
import dev.tailor.config.SiteContract;
import dev.tailor.config.TailorConfig;
import dev.tailor.generate.GeneratedCode;
import dev.tailor.generate.LocalAstGenerator;
import dev.tailor.generate.validate.ValidationFinding;
import dev.tailor.generate.validate.VariantValidator;
import dev.tailor.optimize.Planner;
import dev.tailor.page.JsxSyntaxException;
import dev.tailor.page.ParsedPage;
import dev.tailor.plan.Plan;
import dev.tailor.profile.Profile;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.profile.SectionTopics;
import dev.tailor.track.TrackEvent;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Plan + local generation + validation per variant (issue 4): {@link Planner#plan} →
 * {@link LocalAstGenerator#generate} → {@link VariantValidator#validate} on the acme site's
 * Homepage.jsx, for a profile of each persona. Baseline: one swc4j parse (with AST capture, as
 * Tailor parses) of the same file alone. The pipeline parses four times (generate, its
 * re-parse check, and the validator's original + variant), so ~4× the baseline is its floor.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VariantGenerationBenchmark {

    @Param({"data_focused", "content_explorer", "quick_decider"})
    public String persona;

    private SiteContract site;
    private String original;
    private Profile profile;
    private Planner planner;
    private LocalAstGenerator generator;
    private VariantValidator validator;
    private Swc4j swc4j;

    @Setup
    public void setup() throws Exception {
        site = Acme.contract();
        original = Files.readString(Acme.root().resolve(site.page()));
        profile = profileOf(persona, site);
        swc4j = new Swc4j();
        planner = new Planner();
        generator = new LocalAstGenerator(swc4j);
        validator = new VariantValidator(swc4j);
        List<ValidationFinding> findings = planGenerateValidate();
        if (!findings.isEmpty()) {
            throw new IllegalStateException("the " + persona + " variant does not validate: " + findings);
        }
    }

    /** A visitor whose engaged time is mostly on the persona's sections, built the way Tailor builds it. */
    private static Profile profileOf(String persona, SiteContract site) {
        TailorConfig.ProfileSettings settings = TailorConfig.from(Map.of()).profile();
        ProfileEngine engine = new ProfileEngine(settings, new SectionTopics(site));
        String[] sections = switch (persona) {
            case "data_focused" -> new String[] {"analytics_dashboard", "quick_metrics", "hero"};
            case "content_explorer" -> new String[] {"technical_deep_dive", "case_studies", "architecture_details"};
            case "quick_decider" -> new String[] {"quick_cta", "essential_info", "quick_cta"};
            default -> throw new IllegalArgumentException(persona);
        };
        String device = persona.equals("quick_decider") ? "mobile" : "desktop";
        double seconds = persona.equals("quick_decider") ? 6 : 60;
        long at = 1_700_000_000_000L;
        engine.apply(new TrackEvent("pv", "bench", "s1", "page_view", "home", 0, -1, null, device, at, "{}"));
        for (int i = 0; i < 12; i++) {
            at += 1_000;
            engine.apply(new TrackEvent("d" + i, "bench", "s1", "section_dwell", sections[i % sections.length],
                    seconds, -1, null, device, at, "{}"));
        }
        Profile p = engine.profile("bench").orElseThrow();
        if (!p.persona().wire().equals(persona)) {
            throw new IllegalStateException("expected a " + persona + " profile, got " + p.persona() + ": " + p.explanation());
        }
        return p;
    }

    @Benchmark
    public List<ValidationFinding> planGenerateValidate() throws Exception {
        Plan plan = planner.plan(profile, site).orElseThrow();
        GeneratedCode code = generator.generate(site, original, plan);
        return validator.validate(site, original, code.code(), plan);
    }

    @Benchmark
    public ParsedPage baselineSwc4jParse() throws JsxSyntaxException {
        return ParsedPage.parse(swc4j, original);
    }
}
