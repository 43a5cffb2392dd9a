package dev.tailor.optimize;

import dev.tailor.build.Artifact;
import dev.tailor.repo.VariantRepo;
import dev.tailor.variant.VariantCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the original site while Tailor runs ({@code TAILOR_ORIGINAL_POLL}): a new commit is
 * built from a clone of its own first; only when it builds is it swapped in — the original served,
 * the deployment repository's pin, the pipeline's base, the catalog's current base — so variants of
 * the old commit become stale and their visitors are judged again on the new one. A commit that
 * does not build (or whose tailor.json no longer loads) is refused once, with the reason, and the
 * old original keeps serving.
 */
public final class OriginalSiteWatch {

    private static final Logger log = LoggerFactory.getLogger(OriginalSiteWatch.class);

    /** How the composition root loads and builds the original site from a checkout. */
    public interface Site {
        /** The contract and page of the checkout at {@code commit}; throws naming what is wrong. */
        OptimizationPipeline.Base load(Path checkout, String commit) throws Exception;

        /** Builds the original from the checkout; throws naming what is wrong. */
        Artifact build(OptimizationPipeline.Base base, Path checkout) throws Exception;
    }

    /** The original served now: a commit and the artifact built from it, swapped as one. */
    public record Serving(String commit, String artifactId) {
    }

    /** A commit of the original that was not taken, and why. */
    public record Refusal(String commit, String reason, Instant at) {
    }

    private final VariantRepo repo;
    private final OptimizationPipeline pipeline;
    private final VariantCatalog catalog;
    private final Site site;
    private final Path scratch;
    private final Clock clock;
    private volatile Serving serving;
    private volatile Refusal refusal;

    /**
     * @param originalArtifactId the artifact of the original built at start-up
     * @param scratch            where a new commit is cloned to be tried (emptied after each try)
     */
    public OriginalSiteWatch(VariantRepo repo, OptimizationPipeline pipeline, VariantCatalog catalog, Site site,
                             String originalArtifactId, Path scratch, Clock clock) {
        this.repo = repo;
        this.pipeline = pipeline;
        this.catalog = catalog;
        this.site = site;
        this.serving = new Serving(repo.baseCommit(), originalArtifactId);
        this.scratch = scratch;
        this.clock = clock;
    }

    /** The original served now. */
    public Serving serving() {
        return serving;
    }

    /** The artifact of the original that is served now. */
    public String originalArtifactId() {
        return serving.artifactId();
    }

    /** The newest commit refused (and still the original's HEAD), if any. */
    public Optional<Refusal> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** One poll: takes the original's new commit if it has one that builds. */
    public synchronized void check() {
        Optional<String> moved = repo.originalMoved();
        if (moved.isEmpty()) {
            refusal = null; // the owner reverted the broken commit
            return;
        }
        String commit = moved.get();
        if (refusal != null && refusal.commit().equals(commit)) {
            return; // refused already: the same commit fails the same way
        }
        String artifact;
        try {
            artifact = tryCommit(commit);
        } catch (Exception e) {
            // the clone is gone: name the files as the owner knows them, relative to the site
            String reason = String.valueOf(e.getMessage()).replace(tryDirectory(commit) + "/", "");
            refusal = new Refusal(commit, reason, clock.instant());
            log.warn("the original website's commit {} is refused, {} keeps serving: {}", commit.substring(0, 8),
                    repo.baseCommit().substring(0, 8), reason);
            return;
        }
        String old = repo.baseCommit();
        repo.followOriginal(commit);
        OptimizationPipeline.Base base;
        try {
            base = site.load(repo.originalCheckout(), commit);
        } catch (Exception e) {
            // the clone loaded; the same commit in the submodule cannot differ: a disk problem, say so loudly
            throw new IllegalStateException("the original website moved to " + commit + " but its checkout "
                    + repo.originalCheckout() + " does not load: " + e.getMessage(), e);
        }
        // the base new jobs start from, what counts as stale, and last what is served and shown on /healthz:
        // whoever sees the new original sees the rest of the swap too
        pipeline.rebase(base);
        catalog.rebase(commit);
        serving = new Serving(commit, artifact);
        refusal = null;
        log.info("the original website moved from {} to {}: now serving {}; {} variant(s) of older commits are stale",
                old.substring(0, 8), commit.substring(0, 8), artifact, catalog.stale().size());
    }

    /** Loads and builds {@code commit} from a clone of its own; the artifact id, or why it cannot be served. */
    private String tryCommit(String commit) throws Exception {
        Path checkout = tryDirectory(commit);
        deleteRecursively(checkout);
        try {
            repo.cloneOriginalAt(commit, checkout);
            return site.build(site.load(checkout, commit), checkout).id();
        } finally {
            deleteRecursively(checkout);
        }
    }

    private Path tryDirectory(String commit) {
        return scratch.resolve(commit.substring(0, 12));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
