package dev.tailor.optimize;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.build.EsbuildBinary;
import dev.tailor.build.NodeModules;
import dev.tailor.build.SiteBuilder;
import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContractLoader;
import dev.tailor.repo.VariantRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;

/**
 * The brightside-coffee example as a pipeline test needs it: committed to a git repository of its
 * own, opened as the variant repository's original, its contract and page read, and a builder.
 */
record BrightsideSite(VariantRepo repo, SiteContract site, String page, SiteBuilder builder) {

    static BrightsideSite openIn(Path tmp) throws Exception {
        Path original = tmp.resolve("brightside");
        Path source = Path.of("examples/brightside-coffee");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path to = original.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        try (Git git = Git.init().setDirectory(original.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("site").setAuthor("Owner", "owner@example.com")
                    .setCommitter("Owner", "owner@example.com").setSign(false).call();
        }
        VariantRepo repo = VariantRepo.open(tmp.resolve("deployment-repo"), original);
        SiteContract site = new SiteContractLoader(new ObjectMapper()).load(repo.originalCheckout());
        String page = Files.readString(repo.originalCheckout().resolve(site.page()));
        SiteBuilder builder = new SiteBuilder(EsbuildBinary.extractInto(tmp.resolve("tools")),
                NodeModules.extractInto(tmp.resolve("tools")), tmp.resolve("artifacts"));
        return new BrightsideSite(repo, site, page, builder);
    }
}
