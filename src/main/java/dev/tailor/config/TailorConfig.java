package dev.tailor.config;

import dev.tailor.wire.WireNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting Tailor reads, from environment variables and an optional {@code .env} file
 * (the environment wins). Every setting has a working default, so {@code tailor serve} runs
 * with nothing configured. {@code retention} ({@code TAILOR_RETENTION}, default 90 days) is how
 * long events are kept; see {@code docs/tracking.md} for every variable.
 */
public record TailorConfig(
        int port,
        Path dataDir,
        Path mainRepoPath,
        Optional<Path> originalRepoPath,
        Optional<String> morphApiKey,
        Optional<String> freestyleApiKey,
        String logLevel,
        ProfileSettings profile,
        TriggerSettings trigger,
        Duration retention,
        RolloutSettings rollout,
        Map<String, String> env) {

    public TailorConfig {
        env = Map.copyOf(env);
    }

    /**
     * @param halfLife           how fast old engagement stops counting towards a preference
     * @param sessionIdle        idle time after which the next event starts a new session
     * @param personaThreshold   a persona's score must reach this to be assigned
     * @param evidenceSeconds    engaged seconds at which the evidence counts as complete
     * @param evidenceEvents     events at which the evidence counts as complete (for fast visitors)
     * @param longSessionSeconds average engaged seconds per session from which a visitor reads deeply
     * @param deepPagesPerSession pages per session from which a visitor explores deeply
     * @param shortSessionSeconds average engaged seconds per session under which a visitor decides fast
     */
    public record ProfileSettings(Duration halfLife, Duration sessionIdle, double personaThreshold,
                                  double evidenceSeconds, int evidenceEvents, double longSessionSeconds,
                                  double deepPagesPerSession, double shortSessionSeconds) {
    }

    /**
     * @param minConfidence      a profile's confidence must reach this before Tailor optimizes
     * @param minEvents          and it must rest on at least this many events
     * @param cooldown           no second optimization for a user within this time
     * @param maxPerHour         global budget of optimizations started per hour
     */
    public record TriggerSettings(double minConfidence, int minEvents, Duration cooldown, int maxPerHour) {
    }

    /**
     * @param stages           the share of a variant's eligible visitors who get it, stage by stage (percent)
     * @param minVisitors      visitors each arm needs in a stage before it is judged
     * @param minStageTime     how long a stage runs at least
     * @param confidence       how sure a decline must be (one-sided) before the variant is rolled back
     * @param checkEvery       how often rollouts are judged
     * @param maxDrop          a stage is promoted only while the variant's conversion is at most this much
     *                         (relative) below the control group's
     * @param promotion        what a stage must show to be promoted: no decline (default) or a proven win
     * @param holdoutPercent   share of visitors (percent, 0–50) never personalized, the baseline of the measured lift
     * @param excludeAutomation visitors that show automation (a bot's user agent, a rate limit hit) count in no
     *                         arm ({@code TAILOR_AUTOMATION_FILTER=on}, the default; {@code off} counts everyone)
     * @param renderFailureVisitors a variant is rolled back at once when this many distinct visitors of its
     *                         treatment arm, and at least half of it, failed to render it ({@code TAILOR_ROLLBACK_RENDER_FAILURES}, at least 2:
     *                         one visitor alone can never take a variant down)
     */
    public record RolloutSettings(List<Integer> stages, int minVisitors, Duration minStageTime,
                                  double confidence, Duration checkEvery, double maxDrop, Promotion promotion,
                                  double holdoutPercent, boolean excludeAutomation, int renderFailureVisitors) {
        /** Distinct visitors whose render failures roll a variant back, unless configured. */
        public static final int DEFAULT_RENDER_FAILURE_VISITORS = 3;

        public RolloutSettings {
            stages = List.copyOf(stages);
            if (renderFailureVisitors < 2) {
                throw new IllegalArgumentException("render failures of at least 2 distinct visitors must be needed to roll a"
                        + " variant back, got " + renderFailureVisitors);
            }
        }

        /** The settings before render failures rolled a variant back at once: the default number of visitors. */
        public RolloutSettings(List<Integer> stages, int minVisitors, Duration minStageTime,
                               double confidence, Duration checkEvery, double maxDrop, Promotion promotion,
                               double holdoutPercent, boolean excludeAutomation) {
            this(stages, minVisitors, minStageTime, confidence, checkEvery, maxDrop, promotion, holdoutPercent,
                    excludeAutomation, DEFAULT_RENDER_FAILURE_VISITORS);
        }

        /** The settings from before promotion policies and the holdout: promote on "not worse", no holdout. */
        public RolloutSettings(List<Integer> stages, int minVisitors, Duration minStageTime,
                               double confidence, Duration checkEvery, double maxDrop) {
            this(stages, minVisitors, minStageTime, confidence, checkEvery, maxDrop, Promotion.NOT_WORSE, 0, true);
        }
    }

    /** What a rollout stage must show before it is promoted ({@code TAILOR_ROLLOUT_PROMOTE}). */
    public enum Promotion {
        /** no significant decline and at most {@code TAILOR_ROLLOUT_MAX_DROP} below control (the safe default) */
        NOT_WORSE("not_worse"),
        /** all of that, and the sequential test proves the variant converts better */
        BETTER("better");

        private static final WireNames<Promotion> WIRE_NAMES = WireNames.of("rollout promotion", values(), Promotion::wire);

        private final String wire;

        Promotion(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Promotion fromWire(String value) {
            return WIRE_NAMES.parse(value);
        }
    }

    /** From the process environment and an optional {@code .env} file (see {@link Environment#fromProcess}). */
    public static TailorConfig fromEnvironment() {
        return from(Environment.fromProcess().variables());
    }

    /** Builds the configuration from a map of variables; throws naming the variable that is wrong. */
    public static TailorConfig from(Map<String, String> env) {
        Environment s = new Environment(env);
        // the snippet model's other settings are read with the generators (ChatModelConfig)
        requireMorphWithSnippetModel(s);
        Path dataDir = s.path("TAILOR_DATA_DIR", Path.of("tailor-data"));
        durability(s); // checked at start-up, read where the stores are opened
        return new TailorConfig(
                s.integer("TAILOR_PORT", 7070, 0, 65535),
                dataDir,
                s.path("MAIN_REPO_PATH", dataDir.resolve("deployment-repo")),
                s.optional("ORIGINAL_REPO_PATH").map(p -> Path.of(p).toAbsolutePath().normalize()),
                s.secret("MORPH_API_KEY"),
                s.secret("FREESTYLE_API_KEY"),
                s.string("LOG_LEVEL", "INFO"),
                new ProfileSettings(
                        s.positiveDuration("TAILOR_AFFINITY_HALF_LIFE", Duration.ofDays(7)),
                        s.positiveDuration("TAILOR_SESSION_IDLE", Duration.ofMinutes(30)),
                        s.decimal("TAILOR_PERSONA_THRESHOLD", 0.5, 0, 1),
                        s.decimal("TAILOR_EVIDENCE_SECONDS", 120, 1, 86_400),
                        s.integer("TAILOR_EVIDENCE_EVENTS", 8, 1, 10_000),
                        s.decimal("TAILOR_PERSONA_LONG_SESSION_SECONDS", 120, 1, 86_400),
                        s.decimal("TAILOR_PERSONA_DEEP_PAGES", 3, 1, 10_000),
                        s.decimal("TAILOR_PERSONA_SHORT_SESSION_SECONDS", 60, 1, 86_400)),
                new TriggerSettings(
                        s.decimal("TAILOR_TRIGGER_CONFIDENCE", 0.6, 0, 1),
                        s.integer("TAILOR_TRIGGER_MIN_EVENTS", 3, 1, 10_000),
                        s.duration("TAILOR_TRIGGER_COOLDOWN", Duration.ofMinutes(10)),
                        s.integer("TAILOR_OPTIMIZATIONS_PER_HOUR", 1_000, 0, 10_000_000)),
                s.positiveDuration("TAILOR_RETENTION", Duration.ofDays(90)),
                new RolloutSettings(
                        s.percentages("TAILOR_ROLLOUT_STAGES", List.of(5, 25, 100)),
                        s.integer("TAILOR_ROLLOUT_MIN_VISITORS", 50, 1, 10_000_000),
                        s.duration("TAILOR_ROLLOUT_MIN_STAGE_TIME", Duration.ofMinutes(10)),
                        s.decimal("TAILOR_ROLLBACK_CONFIDENCE", 0.95, 0.5, 0.9999),
                        s.positiveDuration("TAILOR_ROLLOUT_CHECK", Duration.ofSeconds(10)),
                        s.decimal("TAILOR_ROLLOUT_MAX_DROP", 0.10, 0, 1),
                        s.value("TAILOR_ROLLOUT_PROMOTE", Promotion::fromWire).orElse(Promotion.NOT_WORSE),
                        s.decimal("TAILOR_HOLDOUT", 5, 0, 50),
                        s.value("TAILOR_AUTOMATION_FILTER", TailorConfig::onOff).orElse(true),
                        s.integer("TAILOR_ROLLBACK_RENDER_FAILURES", RolloutSettings.DEFAULT_RENDER_FAILURE_VISITORS, 2, 1_000_000)),
                env);
    }

    /**
     * When an acknowledged event is safe ({@code TAILOR_DURABILITY}): {@code full} (the default, on disk)
     * or {@code process} (in the operating system: survives a kill of Tailor, not a power loss).
     */
    public Durability durability() {
        return durability(environment());
    }

    private static Durability durability(Environment s) {
        return s.value("TAILOR_DURABILITY", Durability::fromWire).orElse(Durability.FULL);
    }

    /**
     * Whether {@code POST /api/track} is answered by the Jetty handler in front of Javalin's servlet
     * ({@code TAILOR_TRACK_FAST_PATH}, on by default); off, Javalin's route answers it the same way, slower.
     */
    public boolean trackFastPath() {
        return environment().value("TAILOR_TRACK_FAST_PATH", TailorConfig::onOff).orElse(true);
    }

    private static boolean onOff(String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("expected on or off");
        };
    }

    /**
     * The snippet model only writes edits; without Morph nothing would apply them. Checked here so
     * that start-up fails before anything is built, and again where the snippet model is read.
     *
     * @throws IllegalArgumentException naming both variables
     */
    public static void requireMorphWithSnippetModel(Environment env) {
        if (env.secret("TAILOR_SNIPPET_MODEL_API_KEY").isPresent() && env.secret("MORPH_API_KEY").isEmpty()) {
            throw new IllegalArgumentException("TAILOR_SNIPPET_MODEL_API_KEY is set but MORPH_API_KEY is not: the snippet"
                    + " model writes edit snippets that Morph applies, so set MORPH_API_KEY too, or unset TAILOR_SNIPPET_MODEL_API_KEY");
        }
    }

    /** The variables these settings were read from, for the settings read elsewhere (generators, deployers). */
    public Environment environment() {
        return new Environment(env);
    }

    /**
     * The address to listen on ({@code TAILOR_HOST}): by default every interface with a
     * {@code TAILOR_API_TOKEN}, and this machine only ({@code 127.0.0.1}) without one, since then
     * every profile and erasure is open to whoever can connect.
     */
    public String host() {
        return environment().string("TAILOR_HOST", apiToken().isPresent() ? "0.0.0.0" : "127.0.0.1");
    }

    /** Whether the address to listen on reaches beyond this machine. */
    public boolean listensBeyondThisMachine() {
        String host = host();
        return !(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127."));
    }

    /**
     * The admin token ({@code TAILOR_API_TOKEN}), or empty: unset (the default, for local use)
     * leaves the profile, optimize, erasure, metrics and dashboard endpoints open; set, they need
     * {@code Authorization: Bearer <token>} (a visitor may still read and erase their own data).
     */
    public Optional<String> apiToken() {
        return environment().secret("TAILOR_API_TOKEN");
    }

    /** The same settings with another data directory (and the repositories under it). */
    public TailorConfig withDataDir(Path dir) {
        Map<String, String> changed = new HashMap<>(env);
        changed.put("TAILOR_DATA_DIR", dir.toString());
        changed.remove("MAIN_REPO_PATH");
        return from(changed);
    }

    /** The same settings, with these defaults for the variables that are not set. */
    public TailorConfig withDefaults(Map<String, String> defaults) {
        Map<String, String> changed = new HashMap<>(defaults);
        changed.putAll(env);
        return from(changed);
    }

    public Path databaseFile() {
        return dataDir.resolve("tailor.db");
    }

    /**
     * Where the files every node must see live ({@code TAILOR_SHARED_DIR}, default the data
     * directory): the built artifacts (immutable, content-addressed) and the visitor-cookie signing
     * key. Nodes sharing one PostgreSQL point it at one shared directory, so that a variant built on
     * one node is served by every node and a visitor's cookie is valid on each.
     */
    public Path sharedDir() {
        return environment().path("TAILOR_SHARED_DIR", dataDir);
    }

    public Path artifactsDir() {
        return sharedDir().resolve("artifacts");
    }

    /** The key that signs visitor cookies (made at first start). */
    public Path cookieKeyFile() {
        return sharedDir().resolve("secret.key");
    }

    public Path toolsDir() {
        return dataDir.resolve("tools");
    }
}
