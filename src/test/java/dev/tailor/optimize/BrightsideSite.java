package dev.tailor.optimize;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.build.EsbuildBinary;
import dev.tailor.build.NodeModules;
import dev.tailor.build.SiteBuilder;
import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContractLoader;
import dev.tailor.repo.VariantRepo;
import dev.tailor.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The brightside-coffee example as a pipeline test needs it: committed to a git repository of its
 * own, opened as the variant repository's original, its contract and page read, and a builder.
 */
record BrightsideSite(VariantRepo repo, SiteContract site, String page, SiteBuilder builder) {

    static BrightsideSite openIn(Path tmp) throws Exception {
        Path original = tmp.resolve("brightside");
        Path source = Path.of("examples/brightside-coffee");
        GitCli.commitCopy(source, original, "site");
        VariantRepo repo = VariantRepo.open(tmp.resolve("deployment-repo"), original);
        SiteContract site = new SiteContractLoader(new ObjectMapper()).load(repo.originalCheckout());
        String page = Files.readString(repo.originalCheckout().resolve(site.page()));
        SiteBuilder builder = new SiteBuilder(EsbuildBinary.extractInto(tmp.resolve("tools")),
                NodeModules.extractInto(tmp.resolve("tools")), tmp.resolve("artifacts"));
        return new BrightsideSite(repo, site, page, builder);
    }
}
