package dev.tailor.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The variables Tailor is configured with (the process environment over an optional {@code .env}
 * file), and the one way to read them. A variable set to blanks counts as unset, values are read
 * stripped, and every bad value fails naming the variable, the value and what is expected:
 * {@code TAILOR_PORT=seventy is not valid: expected a whole number from 0 to 65535}.
 *
 * <p>The settings of the generators and deployers ({@code generate.ChatModelConfig},
 * {@code deploy.FreestyleConfig}) are read from this too, in their own packages; this package
 * knows none of them.
 */
public record Environment(Map<String, String> variables) {

    public Environment {
        variables = Map.copyOf(variables);
    }

    /**
     * Tailor's variables from the process environment ({@code TAILOR_*}, {@code *_API_KEY},
     * {@code *_REPO_PATH}, {@code LOG_LEVEL}) over those of a {@code .env} file in the working
     * directory, if there is one: the environment wins.
     */
    public static Environment fromProcess() {
        Map<String, String> settings = new HashMap<>(readDotEnv(Path.of(".env")));
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("TAILOR_") || k.endsWith("_API_KEY") || k.endsWith("_REPO_PATH") || k.equals("LOG_LEVEL")) {
                settings.put(k, v);
            }
        });
        return new Environment(settings);
    }

    /** The value of a variable, stripped; empty when it is unset or blank. */
    public Optional<String> optional(String name) {
        return Optional.ofNullable(variables.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /**
     * A key or token: like {@link #optional}, named apart so that a reader sees it is never to be
     * printed. No error of this class quotes a secret's value.
     */
    public Optional<String> secret(String name) {
        return optional(name);
    }

    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    /** Absolute, so that child processes (esbuild, git) started in other directories find it. */
    public Path path(String name, Path fallback) {
        return optional(name).map(Path::of).orElse(fallback).toAbsolutePath().normalize();
    }

    public int integer(String name, int fallback, int min, int max) {
        return optional(name).map(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    throw invalid(name, v, "a whole number from " + min + " to " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw invalid(name, v, "a whole number from " + min + " to " + max);
            }
        }).orElse(fallback);
    }

    public double decimal(String name, double fallback, double min, double max) {
        return optional(name).map(v -> {
            try {
                double d = Double.parseDouble(v);
                if (!(d >= min && d <= max)) {
                    throw invalid(name, v, "a number from " + min + " to " + max);
                }
                return d;
            } catch (NumberFormatException e) {
                throw invalid(name, v, "a number from " + min + " to " + max);
            }
        }).orElse(fallback);
    }

    /** A finite number of at least 0, e.g. a price; {@code expected} says what it is, e.g. "USD per million tokens, e.g. 0.15". */
    public double nonNegative(String name, double fallback, String expected) {
        return optional(name).map(v -> {
            try {
                double d = Double.parseDouble(v);
                if (d >= 0 && Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(name, v, expected);
        }).orElse(fallback);
    }

    /** Rising percentages ending at 100, e.g. {@code 5,25,100}. */
    public List<Integer> percentages(String name, List<Integer> fallback) {
        return optional(name).map(v -> {
            String expected = "rising percentages from 1 to 100 ending at 100, such as 5,25,100";
            List<Integer> out = new ArrayList<>();
            try {
                for (String part : v.split(",")) {
                    out.add(Integer.parseInt(part.strip()));
                }
            } catch (NumberFormatException e) {
                throw invalid(name, v, expected);
            }
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i) < 1 || out.get(i) > 100 || i > 0 && out.get(i) <= out.get(i - 1)) {
                    throw invalid(name, v, expected);
                }
            }
            if (out.get(out.size() - 1) != 100) {
                throw invalid(name, v, expected);
            }
            return List.copyOf(out);
        }).orElse(fallback);
    }

    /** Durations as {@code 90s}, {@code 10m}, {@code 2h}, {@code 7d} or ISO-8601 ({@code PT10M}). */
    public Duration duration(String name, Duration fallback) {
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
                    default -> throw invalid(name, v, "a duration such as 90s, 10m, 2h or 7d");
                };
            } catch (RuntimeException e) {
                if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith(name)) {
                    throw iae;
                }
                throw invalid(name, v, "a duration such as 90s, 10m, 2h or 7d");
            }
        }).orElse(fallback);
    }

    /** A {@link #duration} that must be longer than zero. */
    public Duration positiveDuration(String name, Duration fallback) {
        Duration d = duration(name, fallback);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + "=" + d + " is not valid: expected a positive duration such as 90d");
        }
        return d;
    }

    /** A whole number of seconds, at least 1. */
    public Duration seconds(String name, Duration fallback) {
        return optional(name).map(v -> {
            try {
                long s = Long.parseLong(v);
                if (s >= 1) {
                    return Duration.ofSeconds(s);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(name, v, "a whole number of seconds, at least 1");
        }).orElse(fallback);
    }

    /** An http(s) URL with a host; {@code example} is shown in the error, e.g. {@code https://api.openai.com}. */
    public Optional<URI> url(String name, URI example) {
        return optional(name).map(v -> {
            URI uri;
            try {
                uri = URI.create(v);
            } catch (IllegalArgumentException e) {
                throw invalid(name, v, "a URL such as " + example);
            }
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                throw invalid(name, v, "an http(s) URL such as " + example);
            }
            return uri;
        });
    }

    /**
     * A value only {@code parse} knows how to check: an {@link IllegalArgumentException} it throws
     * fails naming the variable and the value, followed by its own message.
     */
    public <T> Optional<T> value(String name, Function<String, T> parse) {
        return optional(name).map(v -> {
            try {
                return parse.apply(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + "=" + v + " is not valid: " + e.getMessage(), e);
            }
        });
    }

    /** The error for a bad value: {@code NAME=value is not valid: expected …}. */
    public static IllegalArgumentException invalid(String name, String value, String expected) {
        return new IllegalArgumentException(name + "=" + value + " is not valid: expected " + expected);
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
}
