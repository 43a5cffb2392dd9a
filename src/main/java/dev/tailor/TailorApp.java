package dev.tailor;

import com.caoccao.javet.swc4j.Swc4j;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tailor.build.Artifact;
import dev.tailor.build.EsbuildBinary;
import dev.tailor.build.Swc4jLibrary;
import dev.tailor.build.NodeModules;
import dev.tailor.build.ServedPaths;
import dev.tailor.build.SectionMarkup;
import dev.tailor.build.SiteBuilder;
import dev.tailor.check.SectionMarkupCheck;
import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContractLoader;
import dev.tailor.config.Environment;
import dev.tailor.config.TailorConfig;
import dev.tailor.deploy.DeployException;
import dev.tailor.deploy.Deployer;
import dev.tailor.deploy.FreestyleConfig;
import dev.tailor.deploy.FreestyleDeployer;
import dev.tailor.deploy.InstallId;
import dev.tailor.deploy.LocalEdgeDeployer;
import dev.tailor.edge.EdgeRouter;
import dev.tailor.experiment.Experiments;
import dev.tailor.experiment.RolloutMetrics;
import dev.tailor.experiment.RolloutPolicy;
import dev.tailor.generate.ChatModelConfig;
import dev.tailor.generate.FallbackGenerator;
import dev.tailor.generate.Generator;
import dev.tailor.generate.LocalAstGenerator;
import dev.tailor.generate.MorphGenerator;
import dev.tailor.generate.MorphPriceEstimate;
import dev.tailor.generate.SnippetModelWriter;
import dev.tailor.generate.validate.VariantValidator;
import dev.tailor.http.HttpApi;
import dev.tailor.http.HttpLimits;
import dev.tailor.http.OptimizeApi;
import dev.tailor.http.ProfileApi;
import dev.tailor.http.RolloutApi;
import dev.tailor.http.TrackApi;
import dev.tailor.http.UpstreamProxy;
import dev.tailor.monitor.Health;
import dev.tailor.monitor.Storage;
import dev.tailor.monitor.Metrics;
import dev.tailor.monitor.PrometheusMetrics;
import dev.tailor.optimize.DecisionLog;
import dev.tailor.optimize.OptimizationPipeline;
import dev.tailor.optimize.OriginalSiteWatch;
import dev.tailor.optimize.Optimizer;
import dev.tailor.optimize.TriggerQueue;
import dev.tailor.optimize.Planner;
import dev.tailor.optimize.TriggerPolicy;
import dev.tailor.privacy.VisitorErasure;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.profile.ProfileWriteBehind;
import dev.tailor.profile.Retention;
import dev.tailor.profile.SectionTopics;
import dev.tailor.repo.OriginalSite;
import dev.tailor.repo.VariantRepo;
import dev.tailor.schedule.Periodic;
import dev.tailor.store.Stores;
import dev.tailor.store.postgres.PostgresStores;
import dev.tailor.store.sqlite.SqliteStores;
import dev.tailor.stream.EventStream;
import dev.tailor.stream.InProcessEventStream;
import dev.tailor.stream.KafkaEventStream;
import dev.tailor.stream.KafkaSettings;
import dev.tailor.stream.KafkaTopic;
import dev.tailor.track.EventLog;
import dev.tailor.track.EventParser;
import dev.tailor.variant.VariantCatalog;
import dev.tailor.visitor.VisitorCookies;
import io.javalin.Javalin;
import java.net.URI;
import java.io.IOException;
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
 * The composition root: the whole of Tailor in one process, wired by hand, once, from
 * configuration. {@link #start(TailorConfig, Clock)} is what {@code serve} and {@code demo} run
 * (the SQLite stores of the data directory); {@link #start(TailorConfig, Clock, Stores)} takes the
 * stores from the caller (tests, other adapters). {@link #close} stops it and flushes everything.
 * {@code profiles rebuild} builds its part of the graph with the same factories
 * ({@link #openVariantRepo}, {@link #site}, {@link #profileEngine}).
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
    /** How long a trigger decision waits at most to be written with others (they are derived). */
    static final Duration DECISION_FLUSH_INTERVAL = Duration.ofMillis(250);
    /**
     * How often a node sharing its stores with others (PostgreSQL) reads what they changed: new
     * variants and assignments, promotions and rollbacks, jobs. A rollback decided on one node
     * reaches every other node's routing within about this long.
     */
    static final Duration SHARED_STATE_POLL = Duration.ofSeconds(1);

    /**
     * The running graph: what Tailor is made of, for the commands and tests that look inside.
     *
     * @param originalArtifact the original site, built at start
     * @param original         the original site served now (it follows new commits of the site)
     */
    public record Components(TailorConfig config, Stores stores, VariantRepo repo, SiteContract site,
                             Artifact originalArtifact, EventLog eventLog, ProfileEngine profiles,
                             ProfileWriteBehind profileWriteBehind, Retention retention, Optimizer optimizer,
                             VariantCatalog catalog, Experiments experiments, VisitorCookies cookies,
                             EventStream stream, OriginalSiteWatch original) {
    }

    private final Components components;
    private final Periodic rolloutChecks;
    private final Periodic sharedStatePolls;
    private final Periodic originalPolls;
    private final Javalin server;
    private final EdgeRouter edge;

    private TailorApp(Components components, Periodic rolloutChecks, Periodic sharedStatePolls, Periodic originalPolls,
                      Javalin server, EdgeRouter edge) {
        this.edge = edge;
        this.components = components;
        this.rolloutChecks = rolloutChecks;
        this.sharedStatePolls = sharedStatePolls;
        this.originalPolls = originalPolls;
        this.server = server;
    }

    public static ObjectMapper json() {
        return new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /**
     * Tailor on the embedded stores of {@code TAILOR_DATA_DIR}, or on the PostgreSQL database that
     * {@code TAILOR_DATABASE_URL} names (shared with other nodes).
     */
    public static TailorApp start(TailorConfig config, Clock clock) throws Exception {
        // remote service settings first: a mistake in them fails before anything is opened or built
        RemoteServices remote = RemoteServices.fromEnvironment(config);
        origin(config);
        Files.createDirectories(config.dataDir());
        var postgres = PostgresStores.configured(config.environment());
        Stores stores = postgres.isPresent() ? PostgresStores.open(postgres.get(), json(), config.durability())
                : SqliteStores.open(config.databaseFile(), json(), config.durability());
        return start(config, clock, stores, remote);
    }

    /** Tailor on the given stores, which it closes when it stops (or fails to start). */
    public static TailorApp start(TailorConfig config, Clock clock, Stores stores) throws Exception {
        return start(config, clock, stores, RemoteServices.fromEnvironment(config));
    }

    private static TailorApp start(TailorConfig config, Clock clock, Stores stores, RemoteServices remote) throws Exception {
        Resources opened = new Resources();
        opened.add(stores);
        try {
            return start(config, clock, stores, remote, opened);
        } catch (Exception | Error e) {
            opened.closeAfterFailure(e); // a start that fails leaves no thread, file or port behind
            throw e;
        }
    }

    /** The Morph, snippet-model and Freestyle settings, each present only when its key is set. */
    private record RemoteServices(Optional<ChatModelConfig> morph, Optional<ChatModelConfig> snippetModel,
                                  Optional<FreestyleConfig> freestyle) {
        static RemoteServices fromEnvironment(TailorConfig config) {
            return new RemoteServices(ChatModelConfig.morphFromEnvironment(config.environment()),
                    ChatModelConfig.snippetModelFromEnvironment(config.environment()),
                    FreestyleConfig.fromEnvironment(config.environment()));
        }
    }

    /**
     * Which origin Tailor is: with {@code TAILOR_UPSTREAM} it is in front of that site (proxy mode), and its
     * own paths are only under {@code TAILOR_PATH_PREFIX} (default {@code /_tailor}); without, it is the
     * whole site, and its paths are served at their old places too.
     */
    public static HttpApi.Origin origin(TailorConfig config) {
        var env = config.environment();
        String prefix = env.value("TAILOR_PATH_PREFIX", p -> ServedPaths.prefixedOnly(p).prefix()).orElse(ServedPaths.DEFAULT_PREFIX);
        Optional<URI> upstream = env.url(UpstreamProxy.Settings.VARIABLE, URI.create("https://www.example.com"));
        upstream.ifPresent(u -> {
            if (u.getRawQuery() != null || u.getRawFragment() != null) {
                throw new IllegalArgumentException(UpstreamProxy.Settings.VARIABLE + "=" + u + " is not valid: expected the"
                        + " site's origin, such as https://www.example.com or http://127.0.0.1:8080, without ?query or #fragment");
            }
        });
        Duration timeout = env.positiveDuration("TAILOR_UPSTREAM_TIMEOUT", Duration.ofSeconds(30));
        String consent = env.string("TAILOR_CONSENT", "none");
        if (!consent.equals("none") && !consent.equals("required")) {
            throw Environment.invalid("TAILOR_CONSENT", consent, "none (the default: track from the first page) or"
                    + " required (track only after the page calls window.tailor.consent(true))");
        }
        return new HttpApi.Origin(new ServedPaths(prefix, upstream.isEmpty()),
                upstream.map(u -> new UpstreamProxy.Settings(u, timeout)), consent.equals("required"));
    }

    /** The variant repository, with the original site as configured (or the bundled demo site). */
    public static VariantRepo openVariantRepo(TailorConfig config) {
        Path original = OriginalSite.resolve(config.originalRepoPath().map(Path::toString).orElse(null),
                config.dataDir().resolve("original-website"));
        return VariantRepo.open(config.mainRepoPath(), original);
    }

    /** The original site's {@code tailor.json}. */
    public static SiteContract site(VariantRepo repo) {
        return new SiteContractLoader(json()).load(repo.originalCheckout());
    }

    /**
     * A site whose original sets no data-section could never be personalized: refuse to start,
     * saying how to fix it, rather than serve it while /healthz says ok. Names that map to no
     * section are logged, each with its fix.
     */
    private static void requireSectionMarkup(SiteContract site, Artifact original) throws java.io.IOException {
        java.util.List<SectionMarkupCheck.Finding> findings = SectionMarkupCheck.check(site, SectionMarkup.of(original));
        findings.stream().filter(f -> !f.fatal()).forEach(f -> log.warn("{}", f.message()));
        java.util.List<String> fatal = findings.stream().filter(SectionMarkupCheck.Finding::fatal).map(SectionMarkupCheck.Finding::message).toList();
        if (!fatal.isEmpty()) {
            throw new dev.tailor.config.InvalidSiteContractException(site.root().resolve(SiteContractLoader.FILE_NAME), fatal);
        }
    }

    /**
     * How often the original site's repository is asked for a new commit ({@code TAILOR_ORIGINAL_POLL},
     * default 10 s; 0 turns following off, and a new commit is then taken at restart).
     */
    static Duration originalPoll(Environment env) {
        if (env.optional("TAILOR_ORIGINAL_POLL").filter("0"::equals).isPresent()) {
            return Duration.ZERO;
        }
        Duration poll = env.duration("TAILOR_ORIGINAL_POLL", Duration.ofSeconds(10));
        if (poll.isNegative()) {
            throw Environment.invalid("TAILOR_ORIGINAL_POLL", env.optional("TAILOR_ORIGINAL_POLL").orElse(""),
                    "a duration such as 10s or 5m, or 0 to follow the original site only at restart");
        }
        return poll;
    }

    /** A new commit of the original is held to what start-up holds it to: its contract loads, it builds, it has sections. */
    private static OriginalSiteWatch.Site originalSite(ObjectMapper json, SiteBuilder builder) {
        return new OriginalSiteWatch.Site() {
            @Override
            public OptimizationPipeline.Base load(Path checkout, String commit) throws Exception {
                SiteContract site = new SiteContractLoader(json).load(checkout);
                return OptimizationPipeline.Base.read(site, checkout, commit);
            }

            @Override
            public Artifact build(OptimizationPipeline.Base base, Path checkout) throws Exception {
                SiteContract site = base.site();
                Artifact artifact = builder.build(checkout, site.entry(), site.title(), site.buildFiles(Map.of()));
                requireSectionMarkup(site, artifact);
                return artifact;
            }
        };
    }

    /**
     * The URL paths of the pages whose root plans may give a layout class; for each other page, says why
     * not once, with the fix.
     */
    private static java.util.Set<String> pagesTakingLayoutClass(Swc4j swc4j, OptimizationPipeline.Base base) throws Exception {
        java.util.Set<String> taking = new java.util.HashSet<>();
        SiteContract site = base.site();
        for (SiteContract.SitePage sitePage : site.pages()) {
            var page = dev.tailor.page.ParsedPage.parse(swc4j, base.pageSources().get(sitePage.path()));
            Optional<String> why = dev.tailor.page.PageLayout.of(page, sitePage.component())
                    .flatMap(layout -> layout.whyNoLayoutClass(swc4j, page, site.root(), sitePage.page()));
            why.ifPresent(reason -> log.warn("{}: {}", sitePage.page(), reason));
            if (why.isEmpty()) {
                taking.add(sitePage.path());
            }
        }
        return taking;
    }

    /** The profile engine for this site and configuration, empty. */
    public static ProfileEngine profileEngine(TailorConfig config, SiteContract site) {
        return new ProfileEngine(config.profile(), new SectionTopics(site));
    }

    private static TailorApp start(TailorConfig config, Clock clock, Stores stores, RemoteServices remote,
                                   Resources opened) throws Exception {
        long started = System.nanoTime();
        Swc4jLibrary.install(config.toolsDir()); // before the first swc4j parse (the site's tailor.json is read with it)
        ObjectMapper json = json();
        // TAILOR_KAFKA_BOOTSTRAP: checked first, so an unreachable broker fails the start at once
        Optional<KafkaTopic> kafka = KafkaSettings.fromEnvironment(config.environment())
                .map(settings -> KafkaTopic.open(settings, config.retention()));
        HttpApi.Origin origin = origin(config);
        Duration originalPoll = originalPoll(config.environment()); // a mistake in it fails before the site is built
        VariantRepo repo = opened.add(openVariantRepo(config));

        SiteBuilder siteBuilder = new SiteBuilder(EsbuildBinary.extractInto(config.toolsDir()),
                NodeModules.extractInto(config.toolsDir()), config.artifactsDir(), SiteBuilder.DEFAULT_TIMEOUT, origin.paths());
        // the site's own npm packages, installed where its team works on it (Tailor's checkout has none)
        SiteBuilder builder = config.originalRepoPath().map(siteBuilder::withDependenciesInstalledIn).orElse(siteBuilder);
        builder.removeAbandonedStaging(Duration.ofHours(1)); // copies left by builds a crash interrupted
        // start-up and every later commit of the original are loaded and built one way
        OriginalSiteWatch.Site originalSite = originalSite(json, builder);
        OptimizationPipeline.Base base = originalSite.load(repo.originalCheckout(), repo.baseCommit());
        SiteContract site = base.site();
        Artifact originalArtifact = originalSite.build(base, repo.originalCheckout());

        Swc4j swc4j = new Swc4j();
        VariantValidator validator = new VariantValidator(swc4j);
        LocalAstGenerator local = new LocalAstGenerator(swc4j);
        // without Morph the local rewrite generates, and what Morph would have charged for it is estimated
        Optional<MorphPriceEstimate> morphEstimate = remote.morph().isPresent() ? Optional.empty()
                : Optional.of(new MorphPriceEstimate(local, MorphPriceEstimate.Prices.fromEnvironment(config.environment())));
        Generator generator = morphEstimate.isPresent() ? morphEstimate.get() : generator(remote, local, validator, json);
        int port = config.port() == 0 ? freePort() : config.port();
        // under the shared *.style.dev the domains carry this installation's id: no other install claims them
        Optional<FreestyleConfig> freestyle = remote.freestyle().isEmpty() ? Optional.empty()
                : Optional.of(remote.freestyle().get().withInstallId(InstallId.in(config.sharedDir())));
        Deployer deployer = freestyle.<Deployer>map(FreestyleDeployer::new).orElseGet(() -> new LocalEdgeDeployer(port));

        VariantCatalog catalog = new VariantCatalog(stores.variants(), repo.baseCommit());
        if (!catalog.stale().isEmpty()) {
            log.info("the original website is now at {}: {} variant(s) made from older commits are stale; their visitors"
                    + " get the original until a fresh variant is live", repo.baseCommit().substring(0, 8), catalog.stale().size());
        }
        ProfileEngine profiles = profileEngine(config, site);
        Experiments experiments = opened.add(new Experiments(stores.rollouts(), new RolloutPolicy(config.rollout()),
                RolloutMetrics.of(site.goals().names(), site.goals().primary(), site.goals().guardrails()), clock,
                stores.leases()));
        Periodic rolloutChecks = opened.add(Periodic.every(config.rollout().checkEvery(), "tailor-rollout-check", experiments::check));
        followRollouts(experiments, catalog, deployer, opened);
        OptimizationPipeline pipeline = new OptimizationPipeline(repo, base, generator, validator, builder, deployer,
                catalog, experiments, json, clock, stores.leases());
        OriginalSiteWatch original = new OriginalSiteWatch(repo, pipeline, catalog, originalSite,
                originalArtifact.id(), config.dataDir().resolve("original-tries"), clock);
        Periodic originalPolls = originalPoll.isZero() ? null
                : opened.add(Periodic.every(originalPoll, "tailor-original-poll", original::check));
        DecisionLog decisions = new DecisionLog(stores.decisions(), config.trigger().maxPerHour());
        // the hourly budget counts the optimizations started before a restart too
        TriggerPolicy policy = new TriggerPolicy(config.trigger(), decisions.optimizationsSince(clock.millis() - 3_600_000));
        Optimizer optimizer = opened.add(new Optimizer(profiles, new Planner(pagesTakingLayoutClass(swc4j, base)::contains),
                policy, decisions,
                stores.jobs(), catalog, pipeline, TriggerQueue.Settings.forCores(Runtime.getRuntime().availableProcessors()),
                named("tailor-trigger"),
                Executors.newFixedThreadPool(JOB_WORKERS, named("tailor-job")), clock, stores.leases()));
        decisions.startFlushing(DECISION_FLUSH_INTERVAL); // the optimizer closes it after its last evaluation
        // other nodes' variants (read before their rollouts, which are saved first), rollbacks and jobs
        Periodic sharedStatePolls = stores.shared() ? opened.add(Periodic.every(SHARED_STATE_POLL, "tailor-shared-state", () -> {
            catalog.refresh(experiments::refresh);
            optimizer.catchUp(200);
        })) : null;
        // events → profiles → optimizer: each stage subscribes to the one before it
        profiles.subscribe(optimizer::profilesChanged);
        EventLog eventLog = opened.add(new EventLog(stores.events(), clock, profiles::onStored));
        eventLog.replay(profiles::apply); // profiles are derived state: rebuilt from the log at start
        profiles.dropPartialAfterReplay();
        profiles.rebuildFrom(eventLog::eventsOf); // a visitor forgotten to bound memory is rebuilt when they return
        ProfileWriteBehind profileWriteBehind = opened.add(new ProfileWriteBehind(stores.profiles(), profiles, clock));
        profileWriteBehind.deleteOrphans();
        profileWriteBehind.flush();
        profileWriteBehind.startFlushing(PROFILE_FLUSH_INTERVAL);
        Retention retention = opened.add(new Retention(eventLog, profiles, profileWriteBehind, config.retention(), clock));
        retention.enforce();
        retention.every(RETENTION_INTERVAL);
        // ingest → stream → profiles: in-process straight into the log, or through Kafka's consumer group
        EventStream stream = kafka.<EventStream>map(topic -> opened.add(KafkaEventStream.start(topic, eventLog, profiles,
                stores.erasureMarks(), json, config.retention(), clock))).orElseGet(() -> new InProcessEventStream(eventLog));
        if (kafka.isPresent()) {
            log.info("accepted events go to {}; this node computes the profiles of the partitions it is assigned",
                    stream.describe());
        }
        VisitorErasure erasure = new VisitorErasure(stream, eventLog, profiles, profileWriteBehind, catalog, experiments, optimizer);
        stream.onErased(erasure::eraseHere); // the owner of a visitor erased on another node erases here too
        VisitorCookies cookies = VisitorCookies.withKeyFile(config.cookieKeyFile());
        EdgeRouter edge = opened.add(new EdgeRouter(config.artifactsDir(), original::originalArtifactId, catalog, experiments,
                cookies, tracker(origin, builder), origin.paths(), freestyle.isPresent()));

        Storage storage = Storage.of(config.dataDir(), config.environment(), stores.health());
        HttpApi.Handlers handlers = new HttpApi.Handlers(
                new TrackApi(json, new EventParser(json, clock, config.apiToken().isPresent()), stream,
                        request -> cookies.verify(request.cookie(VisitorCookies.NAME)), HttpApi.integration(config.apiToken(), cookies),
                        HttpLimits.from(config.environment()), clock, experiments::flagAutomated,
                        storage::problem, failure -> edge.renderFailureReported(failure.userId(), failure.artifactId())),
                new ProfileApi(profiles), new OptimizeApi(optimizer, catalog, experiments, "localhost", port),
                erasure,
                new Metrics(new Metrics.Site(site.name(), site.page()), eventLog, profiles, stores.jobs(), catalog, experiments,
                        optimizer::backlog, morphEstimate),
                new Health(eventLog, profiles, catalog, original, stream, storage, config.durability()),
                edge, resource("/tailor/dashboard.html"), new RolloutApi(experiments),
                new PrometheusMetrics(eventLog, profiles, stores.jobs(), experiments, optimizer::backlog));
        if (config.apiToken().isPresent()) {
            log.info("TAILOR_API_TOKEN is set: profiles, optimizations, erasure, metrics and the dashboard need it");
        } else if (config.listensBeyondThisMachine()) {
            log.warn("TAILOR_HOST={} without TAILOR_API_TOKEN: every visitor's profile, erasure and the dashboard are open"
                    + " to anyone who can reach this address; set TAILOR_API_TOKEN", config.host());
        } else {
            log.info("no TAILOR_API_TOKEN: listening on {} only (this machine), everything open; set TAILOR_API_TOKEN to"
                    + " serve the network", config.host());
        }
        origin.upstream().ifPresent(u -> log.info("proxy mode: in front of {} ({}); Tailor's own paths are under {}/",
                u.upstream(), UpstreamProxy.Settings.VARIABLE, origin.paths().prefix()));
        writeIntegrationKey(config.dataDir().resolve(INTEGRATION_KEY_FILE), cookies);
        Javalin server = HttpApi.create(new HttpApi.Listen(config.host(), port), json, config.apiToken(), cookies, handlers,
                origin, HttpLimits.from(config.environment()), config.trackFastPath());
        opened.add(server::stop);
        server.start();
        log.info("Tailor is serving {} ({} at {}) on http://localhost:{}/ — ready in {} ms", site.name(), site.page(),
                repo.baseCommit().substring(0, 8), port, (System.nanoTime() - started) / 1_000_000);
        Components components = new Components(config, stores, repo, site, originalArtifact, eventLog, profiles,
                profileWriteBehind, retention, optimizer, catalog, experiments, cookies, stream, original);
        return new TailorApp(components, rolloutChecks, sharedStatePolls, originalPolls, server, edge);
    }

    /** Where a server-side integration reads the key it sends in {@code X-Tailor-Key}. */
    static final String INTEGRATION_KEY_FILE = "integration.key";

    /** The integration key, owner-only, for the operator to hand to server-side integrations. */
    private static void writeIntegrationKey(Path file, VisitorCookies cookies) throws IOException {
        if (!Files.exists(file)) {
            try {
                // created owner-only, never readable by others even for a moment
                Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file); // the data directory's own permissions apply
            }
            Files.writeString(file, cookies.integrationKey() + "\n");
        }
        log.info("server-side integrations post events without a visitor's cookie with {}: <{}>",
                HttpApi.INTEGRATION_KEY_HEADER, file.toAbsolutePath());
    }

    /** Morph (with the snippet model when set) falling back to the local rewrite. */
    private static Generator generator(RemoteServices remote, LocalAstGenerator local, VariantValidator validator,
                                       ObjectMapper json) {
        HttpClient http = HttpClient.newHttpClient();
        SnippetModelWriter writer = remote.snippetModel().map(c -> new SnippetModelWriter(c, http, json)).orElse(null);
        log.info("variants are generated by {}{}, validated, and rewritten locally when they fail", remote.morph().get(),
                remote.snippetModel().map(c -> " applying edit snippets written by " + c).orElse(""));
        return new FallbackGenerator(new MorphGenerator(remote.morph().get(), http, json, local, writer),
                writer == null ? MorphGenerator.GENERATOR : MorphGenerator.WITH_SNIPPET_MODEL, local, validator);
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

    /** The tracker, minified; told to wait for consent when {@code TAILOR_CONSENT=required}. */
    private static byte[] tracker(HttpApi.Origin origin, SiteBuilder builder) throws Exception {
        byte[] script = builder.minify(resource("/tailor/tracker.js"));
        if (!origin.consentRequired()) {
            return script;
        }
        byte[] setting = "window.tailorConsent = window.tailorConsent || \"required\";\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] both = java.util.Arrays.copyOf(setting, setting.length + script.length);
        System.arraycopy(script, 0, both, setting.length, script.length);
        return both;
    }

    private static byte[] resource(String name) throws java.io.IOException {
        try (var in = TailorApp.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the build");
            }
            return in.readAllBytes();
        }
    }

    /**
     * A deployment outside Tailor follows its rollout: a rolled-back or stopped variant's domain is unmapped,
     * a re-tried one's mapped again. On a thread of its own: the listener runs with the rollouts locked.
     */
    private static void followRollouts(Experiments experiments, VariantCatalog catalog, Deployer deployer, Resources opened) {
        java.util.concurrent.ExecutorService follower = Executors.newSingleThreadExecutor(named("tailor-deployment-follow"));
        opened.add(follower::shutdownNow);
        experiments.onStatusChange((variantKey, status) -> catalog.all().stream().filter(v -> v.key().equals(variantKey))
                .findFirst().ifPresent(variant -> follower.execute(() -> {
                    try {
                        switch (status) {
                            case ROLLED_BACK, STOPPED -> deployer.withdraw(variant);
                            case ROLLING_OUT -> deployer.restore(variant);
                            case COMPLETE -> { }
                        }
                    } catch (DeployException e) {
                        log.warn("variant {} is {} but its deployment could not follow: {}", variant.planName(), status.wire(),
                                e.getMessage());
                    }
                })));
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
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

    public Components components() {
        return components;
    }

    @Override
    public void close() {
        server.stop();
        edge.close(); // its watch on the artifacts
        if (originalPolls != null) {
            originalPolls.close();
        }
        if (sharedStatePolls != null) {
            sharedStatePolls.close();
        }
        rolloutChecks.close();
        Components c = components;
        // a step that fails (its last writes refused by a full disk or a deleted database) stops none of the others
        closing("the rollouts' buffered exposures", c.experiments()::close);
        closing("retention", c.retention()::close);
        closing("the event stream", c.stream()::close);
        closing("the event log", c.eventLog()::close);
        closing("the optimizer", c.optimizer()::close);
        closing("the profiles' write-behind", c.profileWriteBehind()::close);
        closing("the variant repository", c.repo()::close);
        closing("the stores", c.stores()::close);
    }

    private static void closing(String what, Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            log.error("closing {} failed: {}", what, e.getMessage());
        }
    }
}
