package dev.tailor;

import dev.tailor.config.Environment;
import dev.tailor.config.TailorConfig;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Entry point: {@code serve}, {@code demo}, {@code check}, {@code profiles rebuild}. */
public final class Tailor {

    private static final String USAGE = """
            usage: java -jar target/tailor.jar <command>

              serve              serve the site on TAILOR_PORT (default 7070), personalizing it per visitor
              demo [--no-wait] [--simulate [N]]
                                 play the spec's journey (Alyssa, Marcus, Alex) against a real server over HTTP,
                                 print every step with its time, then keep serving so you can open the pages;
                                 --simulate sends N (default 3,000) synthetic visitors, labelled simulated, to
                                 show the rollout promote or roll back by itself
              simulate --users N --duration D [--url URL]
                                 load test: N concurrent simulated visitors (cookies, sessions, persona-shaped
                                 events, goals) against the Tailor at URL (default http://127.0.0.1:TAILOR_PORT)
                                 for D (e.g. 60s, 5m); prints requests/s, p50/p95/p99 per endpoint, errors, the
                                 server's heap and RSS, optimizations and cost, then checks every acknowledged
                                 event is stored (exit 1 if not, or on errors); run the server with
                                 TAILOR_RATE_LIMIT_CLIENT=0, one client playing thousands of visitors
              check [path]       check that the site at path (default: the current directory) can be personalized:
                                 tailor.json, the page's shape, the build, the data-section markers; prints every
                                 problem with its fix (exit 1 if there is one; see docs/tailor-json.md)
              profiles rebuild   replay the event log into fresh profiles, report every difference from the
                                 persisted ones, then store the rebuilt ones (--check: only compare; exit 1 if
                                 anything differs)

            configuration: environment variables or a .env file; see README.md
            """;

    private Tailor() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception e) {
            // a person starting Tailor needs the reason, not a stack trace (LOG_LEVEL=DEBUG shows it)
            System.err.println("tailor: " + e.getMessage());
            // the process environment only: the configuration (.env included) may be what failed
            String level = new Environment(System.getenv()).string("LOG_LEVEL", "");
            if ("debug".equalsIgnoreCase(level) || "trace".equalsIgnoreCase(level)) {
                e.printStackTrace();
            }
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        String command = args.length == 0 ? "serve" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        if (command.equals("simulate")) {
            LoadSimulation.useAPooledAsyncExecutor(); // before anything builds a CompletableFuture
        }
        TailorConfig config;
        try {
            config = TailorConfig.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("tailor: " + e.getMessage());
            System.exit(2);
            return;
        }
        // the demo's own output tells the story; its logs only show problems unless asked for
        String level = command.equals("demo") && config.environment().optional("LOG_LEVEL").isEmpty() ? "warn" : config.logLevel();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level.toLowerCase());
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        switch (command) {
            case "serve" -> serve(config);
            case "demo" -> System.exit(new Demo(config, System.out, simulatedVisitors(rest))
                    .run(!Arrays.asList(rest).contains("--no-wait")));
            case "profiles" -> {
                dev.tailor.build.Swc4jLibrary.install(config.toolsDir()); // the site's tailor.json is read with swc4j
                boolean check = rest.length == 2 && rest[1].equals("--check");
                if (rest.length < 1 || !rest[0].equals("rebuild") || rest.length > 2 || rest.length == 2 && !check) {
                    fail("profiles takes one subcommand: rebuild [--check]");
                }
                System.exit(ProfilesRebuild.run(config, System.out, check));
            }
            case "check" -> {
                if (rest.length > 1) {
                    fail("check takes at most one argument: the site's directory");
                }
                java.nio.file.Path site = java.nio.file.Path.of(rest.length == 1 ? rest[0] : ".").toAbsolutePath().normalize();
                System.exit(dev.tailor.check.SiteCheck.print(site, new dev.tailor.check.SiteCheck(config.toolsDir()).check(site), System.out));
            }
            case "simulate" -> {
                Map<String, Object> report = new LoadSimulation(simulation(config, rest), System.out).run();
                boolean stored = (Boolean) ((Map<?, ?>) report.get("stored")).get("every_acknowledged_event_stored");
                System.exit(stored && ((Number) report.get("errors")).longValue() == 0 ? 0 : 1);
            }
            case "help", "--help", "-h" -> System.out.print(USAGE);
            default -> fail("unknown command '" + command + "'");
        }
    }

    /** {@code simulate}'s options: every one named, with what it expects when it is wrong. */
    static LoadSimulation.Settings simulation(TailorConfig config, String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!List.of("--users", "--duration", "--url").contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("simulate takes --users N, --duration D and optionally --url URL;"
                        + " '" + args[i] + "' is " + (i + 1 >= args.length ? "missing its value" : "not one of them"));
            }
            options.put(args[i], args[i + 1]);
        }
        int users;
        try {
            users = Integer.parseInt(options.getOrDefault("--users", "100"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--users must be a whole number of visitors, like 10000, not '"
                    + options.get("--users") + "'");
        }
        java.time.Duration duration = new Environment(Map.of("--duration", options.getOrDefault("--duration", "60s")))
                .duration("--duration", java.time.Duration.ofSeconds(60));
        java.net.URI url = java.net.URI.create(options.getOrDefault("--url", "http://127.0.0.1:" + config.port()));
        // the server's TAILOR_IDLE_TIMEOUT, read as the server reads it (the same environment, default 30 s)
        java.time.Duration serverIdle = dev.tailor.http.HttpLimits.from(config.environment()).idleTimeout();
        return new LoadSimulation.Settings(url, users, duration, config.apiToken(), java.time.Duration.ofSeconds(3), 7,
                LoadSimulation.keepAliveFor(serverIdle));
    }

    /** {@code --simulate N} (or {@code --simulate}, 3,000 visitors); 0 without the flag. */
    private static int simulatedVisitors(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--simulate")) {
                if (i + 1 < args.length && args[i + 1].matches("\\d{1,6}")) {
                    return Integer.parseInt(args[i + 1]);
                }
                return 3_000;
            }
        }
        return 0;
    }

    private static void serve(TailorConfig config) throws Exception {
        TailorApp app = TailorApp.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "tailor-shutdown"));
        var origin = TailorApp.origin(config);
        System.out.println("Tailor is serving " + app.baseUrl() + "/" + origin.upstream().map(u -> " in front of " + u.upstream())
                .orElse("") + "  (live dashboard: " + app.baseUrl() + (origin.upstream().isPresent()
                ? origin.paths().prefixed("/dashboard") : "/dashboard") + "; stop with Ctrl+C)");
        stopped.await();
    }

    private static void fail(String message) {
        System.err.println("tailor: " + message);
        System.err.print(USAGE);
        System.exit(2);
    }
}
