package dev.tailor.bench;

import dev.tailor.TailorApp;
import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContractLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/** The acme example site, found from the directory the benchmarks run in (repo root or bench/jmh). */
final class Acme {

    private Acme() {
    }

    static Path root() {
        for (String candidate : new String[] {"examples/acme-site", "../../examples/acme-site", "../examples/acme-site"}) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p.resolve(SiteContractLoader.FILE_NAME))) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("examples/acme-site not found from " + Path.of("").toAbsolutePath()
                + "; run the benchmarks from the repository root (bench/run.sh does)");
    }

    static SiteContract contract() {
        return new SiteContractLoader(TailorApp.json()).load(root());
    }
}
