package dev.tailor.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
     */
    public record RolloutSettings(List<Integer> stages, int minVisitors, Duration minStageTime,
                                  double confidence, Duration checkEvery, double maxDrop) {
        public RolloutSettings {
            stages = List.copyOf(stages);
        }
    }

    public static TailorConfig fromEnvironment() {
        Map<String, String> settings = new HashMap<>(readDotEnv(Path.of(".env")));
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("TAILOR_") || k.endsWith("_API_KEY") || k.endsWith("_REPO_PATH") || k.equals("LOG_LEVEL")) {
                settings.put(k, v);
            }
        });
        return from(settings);
    }

    /** Builds the configuration from a map of variables; throws naming the variable that is wrong. */
    public static TailorConfig from(Map<String, String> env) {
        Settings s = new Settings(env);
        if (s.optional("TAILOR_SNIPPET_MODEL_API_KEY").isPresent() && s.optional("MORPH_API_KEY").isEmpty()) {
            // the snippet model's other settings are read with the generators (SnippetModelConfig)
            throw new IllegalArgumentException("TAILOR_SNIPPET_MODEL_API_KEY is set but MORPH_API_KEY is not: the snippet"
                    + " model writes edit snippets that Morph applies, so set MORPH_API_KEY too, or unset TAILOR_SNIPPET_MODEL_API_KEY");
        }
        Path dataDir = s.path("TAILOR_DATA_DIR", Path.of("tailor-data"));
        return new TailorConfig(
                s.integer("TAILOR_PORT", 7070, 0, 65535),
                dataDir,
                s.path("MAIN_REPO_PATH", dataDir.resolve("deployment-repo")),
                s.optional("ORIGINAL_REPO_PATH").map(p -> Path.of(p).toAbsolutePath().normalize()),
                s.optional("MORPH_API_KEY"),
                s.optional("FREESTYLE_API_KEY"),
                s.string("LOG_LEVEL", "INFO"),
                new ProfileSettings(
                        positive("TAILOR_AFFINITY_HALF_LIFE", s.duration("TAILOR_AFFINITY_HALF_LIFE", Duration.ofDays(7))),
                        positive("TAILOR_SESSION_IDLE", s.duration("TAILOR_SESSION_IDLE", Duration.ofMinutes(30))),
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
                positive("TAILOR_RETENTION", s.duration("TAILOR_RETENTION", Duration.ofDays(90))),
                new RolloutSettings(
                        s.percentages("TAILOR_ROLLOUT_STAGES", List.of(5, 25, 100)),
                        s.integer("TAILOR_ROLLOUT_MIN_VISITORS", 50, 1, 10_000_000),
                        s.duration("TAILOR_ROLLOUT_MIN_STAGE_TIME", Duration.ofMinutes(10)),
                        s.decimal("TAILOR_ROLLBACK_CONFIDENCE", 0.95, 0.5, 0.9999),
                        positive("TAILOR_ROLLOUT_CHECK", s.duration("TAILOR_ROLLOUT_CHECK", Duration.ofSeconds(10))),
                        s.decimal("TAILOR_ROLLOUT_MAX_DROP", 0.10, 0, 1)),
                env);
    }

    private static Duration positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + "=" + d + " is not valid: expected a positive duration such as 90d");
        }
        return d;
    }

    /**
     * The admin token ({@code TAILOR_API_TOKEN}), or empty: unset (the default, for local use)
     * leaves the profile, optimize, erasure, metrics and dashboard endpoints open; set, they need
     * {@code Authorization: Bearer <token>} (a visitor may still read and erase their own data).
     */
    public Optional<String> apiToken() {
        return Optional.ofNullable(env.get("TAILOR_API_TOKEN")).map(String::strip).filter(t -> !t.isEmpty());
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

    public Path artifactsDir() {
        return dataDir.resolve("artifacts");
    }

    public Path toolsDir() {
        return dataDir.resolve("tools");
    }

    static Map<String, String> readDotEnv(Path file) {
        Map<String, String> values = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        try {
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || !line.contains("=")) {
                    continue;
                }
                if (line.startsWith("export ")) {
                    line = line.substring("export ".length()).strip();
                }
                int eq = line.indexOf('=');
                String value = line.substring(eq + 1).strip();
                int comment = value.indexOf(" #");
                if (comment >= 0 && !value.startsWith("\"")) {
                    value = value.substring(0, comment).strip();
                }
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(line.substring(0, eq).strip(), value);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return values;
    }

    /** Typed reads of variables with defaults; every error names the variable and what it expects. */
    private record Settings(Map<String, String> env) {
        Optional<String> optional(String name) {
            return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
        }

        String string(String name, String fallback) {
            return optional(name).orElse(fallback);
        }

        /** Absolute, so that child processes (esbuild, git) started in other directories find it. */
        Path path(String name, Path fallback) {
            return optional(name).map(Path::of).orElse(fallback).toAbsolutePath().normalize();
        }

        int integer(String name, int fallback, int min, int max) {
            return optional(name).map(v -> {
                try {
                    int n = Integer.parseInt(v);
                    if (n < min || n > max) {
                        throw bad(name, v, "a whole number from " + min + " to " + max);
                    }
                    return n;
                } catch (NumberFormatException e) {
                    throw bad(name, v, "a whole number from " + min + " to " + max);
                }
            }).orElse(fallback);
        }

        double decimal(String name, double fallback, double min, double max) {
            return optional(name).map(v -> {
                try {
                    double d = Double.parseDouble(v);
                    if (!(d >= min && d <= max)) {
                        throw bad(name, v, "a number from " + min + " to " + max);
                    }
                    return d;
                } catch (NumberFormatException e) {
                    throw bad(name, v, "a number from " + min + " to " + max);
                }
            }).orElse(fallback);
        }

        /** Rising percentages ending at 100, e.g. {@code 5,25,100}. */
        List<Integer> percentages(String name, List<Integer> fallback) {
            return optional(name).map(v -> {
                String expected = "rising percentages from 1 to 100 ending at 100, such as 5,25,100";
                List<Integer> out = new ArrayList<>();
                try {
                    for (String part : v.split(",")) {
                        out.add(Integer.parseInt(part.strip()));
                    }
                } catch (NumberFormatException e) {
                    throw bad(name, v, expected);
                }
                for (int i = 0; i < out.size(); i++) {
                    if (out.get(i) < 1 || out.get(i) > 100 || i > 0 && out.get(i) <= out.get(i - 1)) {
                        throw bad(name, v, expected);
                    }
                }
                if (out.get(out.size() - 1) != 100) {
                    throw bad(name, v, expected);
                }
                return List.copyOf(out);
            }).orElse(fallback);
        }

        /** Durations as {@code 90s}, {@code 10m}, {@code 2h}, {@code 7d} or ISO-8601 ({@code PT10M}). */
        Duration duration(String name, Duration fallback) {
            return optional(name).map(v -> {
                try {
                    if (v.startsWith("P") || v.startsWith("p")) {
                        return Duration.parse(v);
                    }
                    long amount = Long.parseLong(v.substring(0, v.length() - 1));
                    return switch (v.charAt(v.length() - 1)) {
                        case 's' -> Duration.ofSeconds(amount);
                        case 'm' -> Duration.ofMinutes(amount);
                        case 'h' -> Duration.ofHours(amount);
                        case 'd' -> Duration.ofDays(amount);
                        default -> throw bad(name, v, "a duration such as 90s, 10m, 2h or 7d");
                    };
                } catch (RuntimeException e) {
                    if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith(name)) {
                        throw iae;
                    }
                    throw bad(name, v, "a duration such as 90s, 10m, 2h or 7d");
                }
            }).orElse(fallback);
        }

        private static IllegalArgumentException bad(String name, String value, String expected) {
            return new IllegalArgumentException(name + "=" + value + " is not valid: expected " + expected);
        }
    }
}
