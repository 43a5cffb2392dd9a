package dev.tailor.check;

import com.caoccao.javet.swc4j.Swc4j;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.build.Artifact;
import dev.tailor.build.BuildException;
import dev.tailor.build.EsbuildBinary;
import dev.tailor.build.NodeModules;
import dev.tailor.build.SectionMarkup;
import dev.tailor.build.SiteBuilder;
import dev.tailor.config.InvalidSiteContractException;
import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContractLoader;
import dev.tailor.page.JsxSyntaxException;
import dev.tailor.page.PageLayout;
import dev.tailor.page.ParsedPage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tailor check [path]}: whether a site can be personalized, before it is served. In order:
 * the contract ({@code tailor.json}: every problem at once), the page's shape (a component whose
 * root element Tailor can rearrange), the build (esbuild, as Tailor builds it), and the sections
 * the built site marks with {@code data-section} against the contract. Each problem says its fix.
 * Warnings (a section whose seconds would be lost) do not fail the check.
 */
public final class SiteCheck {

    /** @param problems what stops the site from being personalized; empty when it can be */
    public record Report(List<String> problems, List<String> warnings, List<String> passed) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final Path toolsDir;

    /** @param toolsDir where esbuild and React are extracted (shared with Tailor's data directory) */
    public SiteCheck(Path toolsDir) {
        this.toolsDir = toolsDir;
    }

    public Report check(Path siteRoot) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        SiteContract site;
        try {
            site = new SiteContractLoader(new ObjectMapper()).load(siteRoot);
        } catch (InvalidSiteContractException e) {
            e.problems().forEach(p -> problems.add(SiteContractLoader.FILE_NAME + ": " + p));
            return new Report(problems, warnings, passed);
        }
        passed.add(SiteContractLoader.FILE_NAME + ": " + (site.pages().size() == 1 ? ""
                : site.pages().size() + " pages (" + site.pages().stream().map(SiteContract.SitePage::path)
                        .collect(java.util.stream.Collectors.joining(", ")) + "), ")
                + site.allSections().size() + " sections, "
                + (site.audiences().isEmpty() ? "the built-in personas" : site.audiences().size() + " audiences of its own")
                + (site.mount() == null ? ", entry " + site.entry() : ", no entry: Tailor mounts " + site.component()));

        Swc4j swc4j = new Swc4j();
        for (SiteContract.SitePage sitePage : site.pages()) {
            checkLayout(swc4j, siteRoot, sitePage, problems, warnings, passed);
        }

        Path artifacts = Files.createTempDirectory("tailor-check-");
        try {
            Artifact built = new SiteBuilder(EsbuildBinary.extractInto(toolsDir), NodeModules.extractInto(toolsDir), artifacts)
                    .build(siteRoot, site.entry(), site.title(), site.buildFiles(Map.of()));
            passed.add("build: " + built.files().size() + " files in " + built.buildMillis() + " ms (esbuild, as Tailor builds it)");
            List<SectionMarkupCheck.Finding> findings = SectionMarkupCheck.check(site, SectionMarkup.of(built));
            findings.forEach(f -> (f.fatal() ? problems : warnings).add("sections: " + f.message()));
            if (findings.stream().noneMatch(SectionMarkupCheck.Finding::fatal)) {
                passed.add("sections: the built site marks " + SectionMarkup.of(built).literalNames().size()
                        + " data-section names the tracker will report");
            }
        } catch (BuildException e) {
            problems.add("build: the site does not build as Tailor builds it (esbuild, React 18, only react and react-dom"
                    + " from npm): " + e.getMessage());
        } finally {
            deleteQuietly(artifacts);
        }
        return new Report(problems, warnings, passed);
    }

    /** Whether Tailor can rearrange the page: its component returns one root element whose children are the sections. */
    private static void checkLayout(Swc4j swc4j, Path siteRoot, SiteContract.SitePage sitePage, List<String> problems,
                                    List<String> warnings, List<String> passed) throws IOException {
        String file = sitePage.page();
        String component = sitePage.component();
        try {
            ParsedPage page = ParsedPage.parse(swc4j, Files.readString(siteRoot.resolve(file)));
            var layout = PageLayout.of(page, component);
            if (layout.isEmpty()) {
                problems.add(file + ": " + component + " returns no JSX element Tailor can rearrange; return one"
                        + " root element (e.g. <main> or <Layout>) whose children are the sections, one element per section");
            } else {
                passed.add(file + ": " + component + " renders its sections as children of one root element");
                // a page personalizes without one, so a warning: its plans' layout classes are not applied
                layout.get().whyNoLayoutClass(swc4j, page, siteRoot, file).ifPresent(why -> warnings.add(file + ": " + why));
            }
        } catch (JsxSyntaxException e) {
            problems.add(file + " does not parse: " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory; the OS cleans up what is left
        }
    }

    /** Prints the report for a person; 0 when the site can be personalized, else 1. */
    public static int print(Path siteRoot, Report report, PrintStream out) {
        out.println("tailor check " + siteRoot);
        report.passed().forEach(p -> out.println("  ✓ " + p));
        report.warnings().forEach(w -> out.println("  ! " + w));
        report.problems().forEach(p -> out.println("  ✗ " + p));
        out.println(report.ok() ? "ok: Tailor can personalize this site" + (report.warnings().isEmpty() ? ""
                : " (" + report.warnings().size() + " warning" + (report.warnings().size() == 1 ? "" : "s") + ")")
                : report.problems().size() + " problem" + (report.problems().size() == 1 ? "" : "s") + ": fix them and run tailor check again");
        return report.ok() ? 0 : 1;
    }
}
