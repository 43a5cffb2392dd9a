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
    record Settings(URI base, int users, Duration duration, Optional<String> token, Duration tracker, long seed) {
        Settings {
            if (users < 1) {
                throw new IllegalArgumentException("--users must be at least 1, not " + users);
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("--duration must be positive, like 60s or 5m, not " + duration);
            }
        }
    }

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

        /** @param failure null for a 2xx answer, else what went wrong (see {@link #cause}) */
        synchronized void add(long nanos, String failure) {
            if (failure != null) {
                errors++;
                errorsByCause.merge(failure, 1L, Long::sum);
            }
            if (count == micros.length) {
                micros = Arrays.copyOf(micros, count * 2);
            }
            micros[count++] = nanos / 1_000;
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

    LoadSimulation(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.http = HttpClient.newBuilder().executor(steps).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Runs the visitors for the duration, then checks the store; returns the report it printed. */
    Map<String, Object> run() throws Exception {
        Map<String, Object> before = metrics();
        List<Visitor> visitors = new ArrayList<>();
        long start = System.nanoTime();
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
        long sent = System.nanoTime();
        inFlight.incrementAndGet();
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        answer.whenComplete((response, failure) -> {
            String cause = cause(response, failure);
            boolean ok = cause == null;
            latencies.add(System.nanoTime() - sent, cause);
            try {
                if (ok) {
                    then.accept(response);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        });
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
        report.put("acknowledged_events", visitors.stream().mapToLong(v -> v.acknowledged.get()).sum());
        return report;
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
