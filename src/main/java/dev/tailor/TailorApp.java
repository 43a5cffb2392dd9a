package dev.tailor;

import com.caoccao.javet.swc4j.Swc4j;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tailor.build.Artifact;
import dev.tailor.build.EsbuildBinary;
import dev.tailor.build.NodeModules;
import dev.tailor.build.SiteBuilder;
import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContractLoader;
import dev.tailor.config.TailorConfig;
import dev.tailor.deploy.Deployer;
import dev.tailor.deploy.FreestyleConfig;
import dev.tailor.deploy.FreestyleDeployer;
import dev.tailor.deploy.LocalEdgeDeployer;
import dev.tailor.edge.EdgeRouter;
import dev.tailor.experiment.Experiments;
import dev.tailor.experiment.RolloutPolicy;
import dev.tailor.generate.ChatModelConfig;
import dev.tailor.generate.FallbackGenerator;
import dev.tailor.generate.Generator;
import dev.tailor.generate.LocalAstGenerator;
import dev.tailor.generate.MorphGenerator;
import dev.tailor.generate.SnippetModelWriter;
import dev.tailor.generate.validate.VariantValidator;
import dev.tailor.http.HttpApi;
import dev.tailor.http.OptimizeApi;
import dev.tailor.http.ProfileApi;
import dev.tailor.http.TrackApi;
import dev.tailor.monitor.Health;
import dev.tailor.monitor.Metrics;
import dev.tailor.optimize.DecisionLog;
import dev.tailor.optimize.JobStore;
import dev.tailor.optimize.OptimizationPipeline;
import dev.tailor.optimize.Optimizer;
import dev.tailor.optimize.Planner;
import dev.tailor.optimize.TriggerPolicy;
import dev.tailor.privacy.VisitorErasure;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.profile.ProfileStore;
import dev.tailor.profile.ProfileWriteBehind;
import dev.tailor.profile.Retention;
import dev.tailor.profile.SectionTopics;
import dev.tailor.repo.OriginalSite;
import dev.tailor.repo.VariantRepo;
import dev.tailor.store.sqlite.Database;
import dev.tailor.store.sqlite.SqliteDecisionStore;
import dev.tailor.store.sqlite.SqliteEventStore;
import dev.tailor.store.sqlite.SqliteProfileStore;
import dev.tailor.store.sqlite.SqliteJobStore;
import dev.tailor.store.sqlite.SqliteRolloutStore;
import dev.tailor.store.sqlite.SqliteVariantStore;
import dev.tailor.store.Periodic;
import dev.tailor.track.EventLog;
import dev.tailor.track.EventParser;
import dev.tailor.variant.VariantCatalog;
import dev.tailor.visitor.VisitorCookies;
import io.javalin.Javalin;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of Tailor in one process, wired by hand: store, event log, profiles, optimizer
 * pipeline, edge and HTTP API. {@link #start} returns a running instance; {@link #close}
 * stops it and flushes everything to disk.
 */
public final class TailorApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TailorApp.class);
    /** How far the {@code profiles} table may lag behind the in-memory profiles. */
    static final Duration PROFILE_FLUSH_INTERVAL = Duration.ofSeconds(5);
    /** How often events past {@code TAILOR_RETENTION} are deleted (also once at start-up). */
    static final Duration RETENTION_INTERVAL = Duration.ofHours(1);
    /**
     * Optimization jobs running at once. Most of a job's time is waiting (on Morph, Freestyle, or
     * on a job making the same variant), so there are more than cores.
     */
    static final int JOB_WORKERS = 4;

    private final TailorConfig config;
    private final Database db;
    private final VariantRepo repo;
    private final EventLog eventLog;
    private final ProfileEngine profiles;
    private final ProfileStore profileStore;
    private final ProfileWriteBehind profileWriteBehind;
    private final Retention retention;
    private final Optimizer optimizer;
    private final VariantCatalog catalog;
    private final Experiments experiments;
    private final Periodic rolloutChecks;
    private final VisitorCookies cookies;
    private final Artifact originalArtifact;
    private final Javalin server;

    private TailorApp(TailorConfig config, Database db, VariantRepo repo, EventLog eventLog, ProfileEngine profiles,
                      ProfileStore profileStore, ProfileWriteBehind profileWriteBehind, Retention retention,
                      Optimizer optimizer, VariantCatalog catalog, Experiments experiments, Periodic rolloutChecks,
                      VisitorCookies cookies, Artifact originalArtifact, Javalin server) {
        this.config = config;
        this.db = db;
        this.repo = repo;
        this.eventLog = eventLog;
        this.profiles = profiles;
        this.profileStore = profileStore;
        this.profileWriteBehind = profileWriteBehind;
        this.retention = retention;
        this.optimizer = optimizer;
        this.catalog = catalog;
        this.experiments = experiments;
        this.rolloutChecks = rolloutChecks;
        this.cookies = cookies;
        this.originalArtifact = originalArtifact;
        this.server = server;
    }

    public static ObjectMapper json() {
        return new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    public static TailorApp start(TailorConfig config, Clock clock) throws Exception {
        Resources opened = new Resources();
        try {
            return start(config, clock, opened);
        } catch (Exception | Error e) {
            opened.closeAfterFailure(e); // a start that fails leaves no thread, file or port behind
            throw e;
        }
    }

    private static TailorApp start(TailorConfig config, Clock clock, Resources opened) throws Exception {
        long started = System.nanoTime();
        ObjectMapper json = json();
        // remote generator settings first: a mistake in them fails before anything is built
        Optional<ChatModelConfig> morph = ChatModelConfig.morphFromEnvironment(config.environment());
        Optional<ChatModelConfig> snippetModel = ChatModelConfig.snippetModelFromEnvironment(config.environment());
        Optional<FreestyleConfig> freestyle = FreestyleConfig.fromEnvironment(config.environment());
        Files.createDirectories(config.dataDir());
        Database db = opened.add(Database.open(config.databaseFile()));

        Path original = OriginalSite.resolve(config.originalRepoPath().map(Path::toString).orElse(null),
                config.dataDir().resolve("original-website"));
        VariantRepo repo = opened.add(VariantRepo.open(config.mainRepoPath(), original));
        SiteContract site = new SiteContractLoader(json).load(repo.originalCheckout());
        OptimizationPipeline.Base base = new OptimizationPipeline.Base(site,
                Files.readString(repo.originalCheckout().resolve(site.page())), repo.baseCommit());

        SiteBuilder builder = new SiteBuilder(EsbuildBinary.extractInto(config.toolsDir()),
                NodeModules.extractInto(config.toolsDir()), config.artifactsDir());
        builder.removeAbandonedStaging(Duration.ofHours(1)); // copies left by builds a crash interrupted
        Artifact originalArtifact = builder.build(repo.originalCheckout(), site.entry(), site.title(), Map.of());

        Swc4j swc4j = new Swc4j();
        VariantValidator validator = new VariantValidator(swc4j);
        LocalAstGenerator local = new LocalAstGenerator(swc4j);
        Generator generator = local;
        if (morph.isPresent()) {
            HttpClient http = HttpClient.newHttpClient();
            SnippetModelWriter writer = snippetModel.map(c -> new SnippetModelWriter(c, http, json)).orElse(null);
            generator = new FallbackGenerator(new MorphGenerator(morph.get(), http, json, local, writer),
                    writer == null ? MorphGenerator.GENERATOR : MorphGenerator.WITH_SNIPPET_MODEL, local, validator);
            log.info("variants are generated by {}{}, validated, and rewritten locally when they fail", morph.get(),
                    snippetModel.map(c -> " applying edit snippets written by " + c).orElse(""));
        }

        int port = config.port() == 0 ? freePort() : config.port();
        Deployer deployer = freestyle.<Deployer>map(FreestyleDeployer::new).orElseGet(() -> new LocalEdgeDeployer(port));
        VariantCatalog catalog = new VariantCatalog(new SqliteVariantStore(db), repo.baseCommit());
        if (!catalog.stale().isEmpty()) {
            log.info("the original website is now at {}: {} variant(s) made from older commits are stale; their visitors"
                    + " get the original until a fresh variant is live", repo.baseCommit().substring(0, 8), catalog.stale().size());
        }
        ProfileEngine profiles = new ProfileEngine(config.profile(), new SectionTopics(site));
        JobStore jobs = new SqliteJobStore(db, json);
        Experiments experiments = opened.add(new Experiments(new SqliteRolloutStore(db), new RolloutPolicy(config.rollout()), clock));
        Periodic rolloutChecks = opened.add(Periodic.every(config.rollout().checkEvery(), "tailor-rollout-check", experiments::check));
        OptimizationPipeline pipeline = new OptimizationPipeline(repo, base, generator, validator, builder, deployer,
                catalog, experiments, json, clock);
        DecisionLog decisions = new DecisionLog(new SqliteDecisionStore(db));
        // the hourly budget counts the optimizations started before a restart too
        TriggerPolicy policy = new TriggerPolicy(config.trigger(), decisions.optimizationsSince(clock.millis() - 3_600_000));
        Optimizer optimizer = opened.add(new Optimizer(profiles, new Planner(), policy, decisions,
                jobs, catalog, pipeline, Executors.newSingleThreadScheduledExecutor(named("tailor-trigger")),
                Executors.newFixedThreadPool(JOB_WORKERS, named("tailor-job")), clock));
        profiles.subscribe(optimizer::profilesChanged);
        EventLog eventLog = opened.add(new EventLog(new SqliteEventStore(db), clock, profiles::onStored));
        eventLog.replay(profiles::apply); // profiles are derived state: rebuilt from the log at start
        ProfileStore profileStore = new SqliteProfileStore(db, json);
        ProfileWriteBehind profileWriteBehind = opened.add(new ProfileWriteBehind(profileStore, profiles, clock));
        profileWriteBehind.deleteOrphans();
        profileWriteBehind.flush();
        profileWriteBehind.startFlushing(PROFILE_FLUSH_INTERVAL);
        Retention retention = opened.add(new Retention(eventLog, profiles, profileWriteBehind, config.retention(), clock));
        retention.enforce();
        retention.every(RETENTION_INTERVAL);
        VisitorCookies cookies = VisitorCookies.withKeyFile(config.dataDir().resolve("secret.key"));
        EdgeRouter edge = new EdgeRouter(config.artifactsDir(), originalArtifact::id, catalog, experiments, cookies,
                resource("/tailor/tracker.js"));

        Health health = new Health(eventLog, profiles, catalog, originalArtifact.id(), repo.baseCommit());
        VisitorErasure erasure = new VisitorErasure(eventLog, profiles, profileWriteBehind, catalog, experiments, optimizer);
        HttpApi.Handlers handlers = new HttpApi.Handlers(
                new TrackApi(new EventParser(json, clock), eventLog, ctx -> cookies.verify(ctx.cookie(VisitorCookies.NAME))),
                new ProfileApi(profiles), new OptimizeApi(optimizer, catalog, experiments, "localhost", port), erasure,
                new Metrics(eventLog, profiles, jobs, catalog, experiments), health, edge, resource("/tailor/dashboard.html"));
        if (config.apiToken().isPresent()) {
            log.info("TAILOR_API_TOKEN is set: profiles, optimizations, erasure, metrics and the dashboard need it");
        }
        Javalin server = HttpApi.create(new HttpApi.Listen(config.host(), port),
                json, config.apiToken(), cookies, handlers);
        TailorApp app = new TailorApp(config, db, repo, eventLog, profiles, profileStore, profileWriteBehind, retention,
                optimizer, catalog, experiments, rolloutChecks, cookies, originalArtifact, server);
        opened.add(server::stop);
        server.start();
        log.info("Tailor is serving {} ({} at {}) on http://localhost:{}/ — ready in {} ms", site.name(), site.page(),
                repo.baseCommit().substring(0, 8), port, (System.nanoTime() - started) / 1_000_000);
        return app;
    }

    /** What a start opened so far, closed in reverse order when a later step fails. */
    private static final class Resources {
        private final java.util.Deque<AutoCloseable> stack = new java.util.ArrayDeque<>();

        <T extends AutoCloseable> T add(T resource) {
            stack.push(resource);
            return resource;
        }

        void closeAfterFailure(Throwable failure) {
            while (!stack.isEmpty()) {
                try {
                    stack.pop().close();
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    private static byte[] resource(String name) throws java.io.IOException {
        try (var in = TailorApp.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the build");
            }
            return in.readAllBytes();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Runs one retention pass now (it also runs at start-up and every hour). */
    public Retention.Report enforceRetention() {
        return retention.enforce();
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public int port() {
        return server.port();
    }

    public String baseUrl() {
        return "http://localhost:" + port();
    }

    public TailorConfig config() {
        return config;
    }

    public VariantRepo repo() {
        return repo;
    }

    public EventLog eventLog() {
        return eventLog;
    }

    public ProfileEngine profiles() {
        return profiles;
    }

    public VisitorCookies cookies() {
        return cookies;
    }

    public Artifact originalArtifact() {
        return originalArtifact;
    }

    public VariantCatalog catalog() {
        return catalog;
    }

    public Experiments experiments() {
        return experiments;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public ProfileStore profileStore() {
        return profileStore;
    }

    public ProfileWriteBehind profileWriteBehind() {
        return profileWriteBehind;
    }

    @Override
    public void close() {
        server.stop();
        rolloutChecks.close();
        experiments.close();
        retention.close();
        eventLog.close();
        optimizer.close();
        profileWriteBehind.close();
        repo.close();
        db.close();
    }
}
