package dev.tailor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.visitor.VisitorCookies;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code tailor simulate --users N --duration D}: N concurrent visitors over real HTTP against a
 * running Tailor, each with its own cookie (issued by the server on the first page load), sessions,
 * and a persona-shaped stream of events: page loads, batched tracker posts every few seconds, goal
 * clicks. Nothing waits on a thread: every request is asynchronous and every visitor's next step is
 * a scheduled task, so two cores hold 10,000 visitors. After the run it reads back every visitor's
 * profile and checks that each acknowledged event is in it.
 */
final class LoadSimulation {

    /**
     * @param base    Tailor's address, e.g. {@code http://127.0.0.1:8080}
     * @param token   TAILOR_API_TOKEN of the server, for {@code /api/metrics}, if it has one
     * @param tracker the seconds between two tracker posts of one visitor (a batch of what they did)
     */
    record Settings(URI base, int users, Duration duration, Optional<String> token, Duration tracker, long seed,
                    Duration keepAlive) {
        /** With the keep-alive that suits a server on Tailor's default {@code TAILOR_IDLE_TIMEOUT} (30 s). */
        Settings(URI base, int users, Duration duration, Optional<String> token, Duration tracker, long seed) {
            this(base, users, duration, token, tracker, seed, keepAliveFor(Duration.ofSeconds(30)));
        }

        Settings {
            if (users < 1) {
                throw new IllegalArgumentException("--users must be at least 1, not " + users);
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("--duration must be positive, like 60s or 5m, not " + duration);
            }
            if (keepAlive.toSeconds() < 1) {
                throw new IllegalArgumentException("the client's keep-alive must be at least 1 s, not " + keepAlive);
            }
        }
    }

    /**
     * How long the client keeps an idle connection: a third of the server's idle timeout. Jetty closes
     * a connection idle for {@code TAILOR_IDLE_TIMEOUT}; the JDK client would keep it 1,200 s and hand
     * out the longest-idle one first, and on a machine whose cores the client shares it wrote requests
     * onto connections the server had closed a second before (no answer, no retry: a POST). The other
     * two thirds are the client's own delay between taking a connection and writing on it.
     */
    static Duration keepAliveFor(Duration serverIdleTimeout) {
        return Duration.ofSeconds(Math.max(1, serverIdleTimeout.toSeconds() / 3));
    }

    /**
     * The JDK client hands every answer of {@code sendAsync} to CompletableFuture's default executor,
     * which is a new thread per task when the common pool has fewer than 2 threads, as on a 2-core
     * machine (its parallelism is the cores less one): 21,000 threads were started in a 75 s run at
     * 10,000 users, and requests waited seconds in the client before they were written. A common pool
     * of at least 2 threads is the default executor instead. Read once, when CompletableFuture is first
     * used: {@code Tailor.main} calls this first thing for {@code simulate}.
     */
    static void useAPooledAsyncExecutor() {
        String parallelism = "java.util.concurrent.ForkJoinPool.common.parallelism";
        if (System.getProperty(parallelism) == null && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty(parallelism, "2");
        }
    }

    /** What runs the client's answers: the common pool, or (when it came too late) a thread per answer. */
    static String asyncExecutor() {
        return new CompletableFuture<Void>().defaultExecutor() instanceof java.util.concurrent.ForkJoinPool pool
                ? "common pool, " + pool.getParallelism() + " threads" : "a new thread per answer (the common pool has under 2 threads)";
    }

    /** The JDK client's keep-alive is a system property its connection pool reads once, when the first client is built. */
    static final String KEEP_ALIVE_PROPERTY = "jdk.httpclient.keepalive.timeout";
    /**
     * … as is the most idle connections it keeps (default: no limit). One client plays every visitor, so
     * its pool held thousands after each stall, took the longest-idle first (up to the server's 30 s), and
     * scanned its expiry list for each one it took (a fifth of the client's CPU in a JFR at 10,000 users).
     * Past this many, the pool closes its longest-idle connection when another comes back.
     */
    static final String POOL_SIZE_PROPERTY = "jdk.httpclient.connectionPoolSize";
    static final int POOL_SIZE = 1_000;

    /** What a persona dwells on (the acme site's sections) and how likely a goal click is per tracker post. */
    private record Persona(String name, List<String> sections, int maxSeconds, double goalChance) {
    }

    private static final List<Persona> PERSONAS = List.of(
            new Persona("data_focused", List.of("analytics_dashboard", "quick_metrics"), 300, 0.05),
            new Persona("content_explorer", List.of("technical_deep_dive", "case_studies", "architecture_details"), 240, 0.03),
            new Persona("quick_decider", List.of("quick_cta", "essential_info"), 30, 0.15));
    /** A visitor starts a new session after this many tracker posts, with a fresh page load. */
    private static final int POSTS_PER_SESSION = 5;

    /** Latencies of one endpoint, in microseconds; percentiles are read from all of them. */
    static final class Latencies {
        private long[] micros = new long[1024];
        private int count;
        private long errors;
        /** Why requests failed: the server's status ("status 503") or the client's ("timeout", "connect: …"). */
        private final Map<String, Long> errorsByCause = new java.util.TreeMap<>();
        /**
         * How long each cause's failed requests took, fastest and slowest (ms): a pooled connection the
         * server had already closed fails at once, a request the server dropped while handling it fails late.
         */
        private final Map<String, long[]> failedAfterMillis = new java.util.TreeMap<>();
        /** First attempts that failed retry-safe and were sent again; not errors unless the resend failed too. */
        private final Map<String, Long> retriedByCause = new java.util.TreeMap<>();

        /** The first answer's body of each refusing status, cut short: what the server said the matter was. */
        private final Map<String, String> firstRefusal = new java.util.TreeMap<>();

        synchronized void refused(String status, byte[] body) {
            firstRefusal.computeIfAbsent(status, k -> {
                String text = new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8);
                return text.length() < body.length ? text + "…" : text;
            });
        }

        /** @param failure null for a 2xx answer, else what went wrong (see {@link #cause}) */
        synchronized void add(long nanos, String failure) {
            if (failure != null) {
                errors++;
                errorsByCause.merge(failure, 1L, Long::sum);
                long ms = nanos / 1_000_000;
                failedAfterMillis.merge(failure, new long[] {ms, ms}, (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
            if (count == micros.length) {
                micros = Arrays.copyOf(micros, count * 2);
            }
            micros[count++] = nanos / 1_000;
        }

        /** A request sent again after its connection closed unanswered (see {@link #closedUnanswered}). */
        synchronized void retried(String failure) {
            retriedByCause.merge(failure, 1L, Long::sum);
        }

        synchronized Map<String, Object> summary(double seconds) {
            long[] sorted = Arrays.copyOf(micros, count);
            Arrays.sort(sorted);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("requests", count);
            out.put("rps", Math.round(count / seconds));
            out.put("p50_ms", percentile(sorted, 0.50));
            out.put("p95_ms", percentile(sorted, 0.95));
            out.put("p99_ms", percentile(sorted, 0.99));
            out.put("errors", errors);
            out.put("errors_by_cause", new LinkedHashMap<>(errorsByCause));
            Map<String, String> after = new LinkedHashMap<>();
            failedAfterMillis.forEach((cause, range) -> after.put(cause, range[0] + "–" + range[1] + " ms"));
            out.put("errors_failed_after", after);
            out.put("errors_first_answer", new LinkedHashMap<>(firstRefusal));
            out.put("retried", retriedByCause.values().stream().mapToLong(Long::longValue).sum());
            out.put("retried_by_cause", new LinkedHashMap<>(retriedByCause));
            return out;
        }

        private static double percentile(long[] sorted, double q) {
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1000.0;
        }
    }

    /** One simulated visitor: their cookie once the server set it, and what Tailor acknowledged of theirs. */
    private final class Visitor {
        final int number;
        final Persona persona;
        final Random random;
        volatile String cookie;
        volatile String userId;
        int session;
        int posts;
        int events;
        final AtomicLong acknowledged = new AtomicLong();

        Visitor(int number) {
            this.number = number;
            this.random = new Random(settings.seed() * 31 + number);
            this.persona = PERSONAS.get(number % PERSONAS.size());
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final ObjectMapper json = TailorApp.json();
    private final HttpClient http;
    private final ScheduledExecutorService steps = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "tailor-simulate");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Latencies> byEndpoint = new ConcurrentHashMap<>();
    private final AtomicLong inFlight = new AtomicLong();
    private volatile long stopAt;
    private volatile long runStart;
    /** The first few failures' exception chains go to stderr: the cause strings in the report are cut short. */
    private final AtomicLong chainsPrinted = new AtomicLong();

    LoadSimulation(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        if (System.getProperty(KEEP_ALIVE_PROPERTY) == null) { // -D on the command line wins
            System.setProperty(KEEP_ALIVE_PROPERTY, Long.toString(settings.keepAlive().toSeconds()));
        }
        if (System.getProperty(POOL_SIZE_PROPERTY) == null) {
            System.setProperty(POOL_SIZE_PROPERTY, Integer.toString(POOL_SIZE));
        }
        this.http = HttpClient.newBuilder().executor(steps).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Runs the visitors for the duration, then checks the store; returns the report it printed. */
    Map<String, Object> run() throws Exception {
        Map<String, Object> before = metrics();
        List<Visitor> visitors = new ArrayList<>();
        long start = System.nanoTime();
        runStart = start;
        stopAt = start + settings.duration().toNanos();
        long spread = settings.tracker().toNanos();
        for (int i = 0; i < settings.users(); i++) {
            Visitor v = new Visitor(i);
            visitors.add(v);
            // arrivals spread over one tracker interval, so the first second is not a thundering herd
            steps.schedule(() -> pageLoad(v), spread * i / settings.users(), TimeUnit.NANOSECONDS);
        }
        while (System.nanoTime() < stopAt || inFlight.get() > 0) {
            Thread.sleep(100);
            if (System.nanoTime() > stopAt + Duration.ofSeconds(30).toNanos()) {
                break; // answers that never came are counted as errors below
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> after = metrics();
        Map<String, Object> report = report(visitors, seconds, before, after);
        report.put("stored", verifyStored(visitors));
        out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        steps.shutdownNow();
        return report;
    }

    private void pageLoad(Visitor v) {
        if (System.nanoTime() >= stopAt) {
            return;
        }
        HttpRequest.Builder get = HttpRequest.newBuilder(settings.base().resolve("/")).GET();
        if (v.cookie != null) {
            get.header("Cookie", v.cookie);
        }
        send("GET /", get, response -> {
            if (v.cookie == null) {
                response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(VisitorCookies.NAME + "="))
                        .findFirst().ifPresent(c -> {
                            v.cookie = c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
                            v.userId = v.cookie.substring(v.cookie.indexOf('=') + 1, v.cookie.lastIndexOf('.') > 0
                                    ? v.cookie.lastIndexOf('.') : v.cookie.length());
                        });
            }
            v.session++;
            schedulePost(v);
        });
    }

    private void schedulePost(Visitor v) {
        long tracker = settings.tracker().toMillis();
        steps.schedule(() -> post(v), tracker / 2 + v.random.nextInt((int) Math.max(1, tracker)), TimeUnit.MILLISECONDS);
    }

    /** One tracker post: what the visitor did since the last one, a page view first in a new session. */
    private void post(Visitor v) {
        if (System.nanoTime() >= stopAt || v.cookie == null) {
            return;
        }
        List<Map<String, Object>> batch = new ArrayList<>();
        String sessionId = "s" + v.number + "-" + v.session;
        if (v.posts % POSTS_PER_SESSION == 0) {
            batch.add(event(v, "page_view", v.persona.sections().get(0), v.random.nextInt(v.persona.maxSeconds()) + 1, sessionId));
        }
        for (String section : v.persona.sections()) {
            batch.add(event(v, "section_dwell", section, v.random.nextInt(v.persona.maxSeconds()) + 1, sessionId));
        }
        if (v.random.nextDouble() < v.persona.goalChance()) {
            Map<String, Object> goal = event(v, "goal", "quick_cta", 0, sessionId);
            goal.put("goal", "start_trial");
            goal.remove("time_spent");
            batch.add(goal);
        }
        v.posts++;
        byte[] body;
        try {
            body = json.writeValueAsBytes(Map.of("events", batch));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.base().resolve("/api/track"))
                .header("Content-Type", "application/json").header("Cookie", v.cookie)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        send("POST /api/track", request, response -> {
            v.acknowledged.addAndGet(batch.size());
            if (v.posts % POSTS_PER_SESSION == 0) {
                pageLoad(v); // a new session
            } else {
                schedulePost(v);
            }
        });
    }

    private Map<String, Object> event(Visitor v, String type, String section, int seconds, String sessionId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", type);
        e.put("section", section);
        e.put("time_spent", seconds);
        e.put("session_id", sessionId);
        e.put("event_id", "e" + v.number + "-" + v.events++);
        e.put("device", v.number % 4 == 0 ? "mobile" : "desktop");
        return e;
    }

    /** Sends, times and counts one request; {@code then} runs on a 2xx answer only. */
    private void send(String endpoint, HttpRequest.Builder request, java.util.function.Consumer<HttpResponse<byte[]>> then) {
        Latencies latencies = byEndpoint.computeIfAbsent(endpoint, k -> new Latencies());
        inFlight.incrementAndGet();
        attempt(endpoint, latencies, request.timeout(Duration.ofSeconds(30)).build(), System.nanoTime(), 1, then);
    }

    /**
     * One attempt. A connection that closed before any byte of an answer is sent once more, as a browser
     * resends a request whose reused connection closed under it: the server never answered, and a tracker
     * post is safe to repeat (the store keeps one copy per visitor and event id). The resend is counted
     * apart ({@code retried_by_cause}), not as an error; a second failure is an error.
     */
    private void attempt(String endpoint, Latencies latencies, HttpRequest request, long sent, int attempt,
                         java.util.function.Consumer<HttpResponse<byte[]>> then) {
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
            String cause = cause(response, failure);
            if (failure != null && chainsPrinted.getAndIncrement() < 10) {
                System.err.println(endpoint + " attempt " + attempt + " failed after " + (System.nanoTime() - sent) / 1_000_000
                        + " ms, " + (System.nanoTime() - runStart) / 1_000_000 + " ms into the run: " + chain(failure));
            }
            if (attempt == 1 && closedUnanswered(failure)) {
                latencies.retried(cause);
                attempt(endpoint, latencies, request, sent, 2, then);
                return;
            }
            latencies.add(System.nanoTime() - sent, cause);
            if (cause != null && response != null) {
                latencies.refused(cause, response.body());
            }
            try {
                if (cause == null) {
                    then.accept(response);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    /** Whether the connection closed before the server sent a byte of its answer (the JDK says "received no bytes"). */
    static boolean closedUnanswered(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException && t.getMessage() != null && t.getMessage().contains("received no bytes")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Null for a 2xx answer; otherwise whose failure it was: the server's status, or the client's
     * own ("timeout" when no answer came in time, the exception's type for a connection that broke).
     */
    static String cause(HttpResponse<?> response, Throwable failure) {
        if (failure == null) {
            return response.statusCode() / 100 == 2 ? null : "status " + response.statusCode();
        }
        Throwable root = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (root instanceof java.net.http.HttpTimeoutException) {
            return root instanceof java.net.http.HttpConnectTimeoutException ? "connect timeout" : "timeout";
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + (message.length() > 70 ? message.substring(0, 70) + "…" : message);
    }

    /** Every exception of a failure's chain, outermost first. */
    static String chain(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            out.append(out.length() == 0 ? "" : " <- ").append(t.getClass().getName()).append(": ").append(t.getMessage());
        }
        return out.toString();
    }

    private Map<String, Object> metrics() throws Exception {
        HttpRequest.Builder get = HttpRequest.newBuilder(settings.base().resolve("/api/metrics")).timeout(Duration.ofSeconds(30));
        settings.token().ifPresent(t -> get.header("Authorization", "Bearer " + t));
        HttpResponse<byte[]> r = sendAfterTheRun(get.build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /api/metrics answered " + r.statusCode()
                    + (r.statusCode() == 401 ? ": pass the server's TAILOR_API_TOKEN in the environment" : ""));
        }
        return json.readValue(r.body(), json.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
    }

    /**
     * A request of the checks after the run, tried up to three times: a pooled connection the server
     * closed while idle fails once ("received no bytes") and says nothing about Tailor.
     */
    private HttpResponse<byte[]> sendAfterTheRun(HttpRequest request) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (java.io.IOException e) {
                if (attempt == 3) {
                    throw new java.io.IOException(request.method() + " " + request.uri().getPath() + " failed 3 times: " + e, e);
                }
            }
        }
    }

    private Map<String, Object> report(List<Visitor> visitors, double seconds, Map<String, Object> before,
                                       Map<String, Object> after) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("users", settings.users());
        report.put("seconds", Math.round(seconds * 10) / 10.0);
        long requests = byEndpoint.values().stream().mapToLong(l -> (int) l.summary(seconds).get("requests")).sum();
        report.put("requests_per_second", Math.round(requests / seconds));
        Map<String, Object> endpoints = new LinkedHashMap<>();
        byEndpoint.forEach((name, l) -> endpoints.put(name, l.summary(seconds)));
        report.put("endpoints", endpoints);
        report.put("errors", byEndpoint.values().stream().mapToLong(l -> (long) l.summary(seconds).get("errors")).sum());
        // the client's own settings, which decide how much of a latency is the client's
        report.put("client", Map.of("async_executor", asyncExecutor(),
                "keep_alive_s", Long.parseLong(System.getProperty(KEEP_ALIVE_PROPERTY, "1200")),
                "pool_size", Integer.parseInt(System.getProperty(POOL_SIZE_PROPERTY, "0"))));
        JsonNode b = json.valueToTree(before);
        JsonNode a = json.valueToTree(after);
        report.put("server", json.convertValue(a.path("process"), Map.class));
        long live = a.at("/optimizations/live").asLong() - b.at("/optimizations/live").asLong();
        long reused = a.at("/optimizations/reused_variant").asLong() - b.at("/optimizations/reused_variant").asLong();
        long matched = a.at("/visitors/matched").asLong();
        double spent = a.at("/cost/generation_usd").asDouble() - b.at("/cost/generation_usd").asDouble();
        Map<String, Object> optimizations = new LinkedHashMap<>();
        optimizations.put("trigger_evaluations", a.at("/trigger_backlog/evaluated").asLong() - b.at("/trigger_backlog/evaluated").asLong());
        // jobs the trigger started
        optimizations.put("triggered", a.at("/optimizations/total").asLong() - b.at("/optimizations/total").asLong());
        optimizations.put("live", live);
        optimizations.put("variants_generated", live - reused);
        optimizations.put("variants_reused", reused);
        optimizations.put("personalized_visitors", matched);
        optimizations.put("trigger_backlog", json.convertValue(a.path("trigger_backlog"), Map.class));
        optimizations.put("generation_usd", spent);
        optimizations.put("cost_per_personalized_visitor_usd", matched == 0 ? null : spent / matched);
        optimizations.put("cost_note", "generation cost at Morph's published prices from the model's reported tokens;"
                + " the local AST rewrite (no MORPH_API_KEY) costs nothing");
        report.put("optimizations", optimizations);
        if (a.at("/cost/morph_estimate").isObject()) {
            report.put("morph_price_estimate", morphEstimate(b.at("/cost/morph_estimate"), a.at("/cost/morph_estimate"), matched));
        }
        report.put("acknowledged_events", visitors.stream().mapToLong(v -> v.acknowledged.get()).sum());
        return report;
    }

    /**
     * What Morph would have charged for this run's generations (the server's {@code cost.morph_estimate}
     * after the run less before it), per personalized visitor. An ESTIMATE, labelled so: nothing was sent
     * to Morph, and the tokens are the server's approximation.
     */
    static Map<String, Object> morphEstimate(JsonNode before, JsonNode after, long personalizedVisitors) {
        long generations = after.path("generations").asLong() - before.path("generations").asLong();
        double usd = after.path("usd").asDouble() - before.path("usd").asDouble();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("estimate", true);
        out.put("generations", generations);
        out.put("input_tokens", after.path("input_tokens").asLong() - before.path("input_tokens").asLong());
        out.put("output_tokens", after.path("output_tokens").asLong() - before.path("output_tokens").asLong());
        out.put("usd_per_million_tokens", after.path("usd_per_million_tokens"));
        out.put("usd", usd);
        out.put("personalized_visitors", personalizedVisitors);
        out.put("usd_per_personalized_visitor", personalizedVisitors == 0 ? null : usd / personalizedVisitors);
        out.put("note", "ESTIMATE, not a measurement: what Morph would have charged for the generations this run made"
                + " (the local rewrite made them), from the approximate tokens of the Fast Apply requests Tailor would"
                + " have sent and of the merged files, at TAILOR_MORPH_PRICE_IN/OUT, divided by personalized visitors");
        return out;
    }

    /** Reads every visitor's profile (with their own cookie) and compares its event count with what was acknowledged. */
    private Map<String, Object> verifyStored(List<Visitor> visitors) throws Exception {
        long short_ = 0;
        long checked = 0;
        List<String> examples = new ArrayList<>();
        for (Visitor v : visitors) {
            if (v.cookie == null || v.acknowledged.get() == 0) {
                continue;
            }
            HttpResponse<byte[]> r = sendAfterTheRun(HttpRequest.newBuilder(settings.base().resolve("/api/profile/" + v.userId))
                    .header("Cookie", v.cookie).timeout(Duration.ofSeconds(30)).build());
            long stored = r.statusCode() == 200 ? json.readTree(r.body()).path("events").asLong() : 0;
            checked++;
            if (stored < v.acknowledged.get()) {
                short_++;
                if (examples.size() < 5) {
                    examples.add("visitor " + v.number + ": " + v.acknowledged.get() + " acknowledged, " + stored + " stored");
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("visitors_checked", checked);
        out.put("visitors_missing_events", short_);
        out.put("every_acknowledged_event_stored", short_ == 0);
        out.put("examples", examples);
        return out;
    }
}
