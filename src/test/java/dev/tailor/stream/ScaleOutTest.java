package dev.tailor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.Tailor;
import dev.tailor.store.postgres.PostgresDatabase;
import dev.tailor.store.postgres.TestPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done means" of scale-out, from the outside: one real PostgreSQL, one real Kafka broker and
 * three Tailor nodes, each its own JVM ({@code dev.tailor.Tailor serve}) on its own port. Ingest
 * over HTTP goes round the nodes; one node is killed with SIGKILL in the middle of it. Then every
 * acknowledged event is stored exactly once, the two survivors own every partition, each
 * visitor's profile on its owner counts each stored event once, and an event sent to one node
 * shows in the owning node's profile within the README's bound.
 */
class ScaleOutTest {

    private static final int PARTITIONS = 6;
    private static final int VISITORS = 30;
    private static final int ROUNDS = 12;
    /** When a node is killed: after this many rounds were acknowledged. */
    private static final int KILL_AFTER_ROUND = 4;
    /** The README's bound ("well under a second" on a healthy group), with a margin for a loaded 2-core machine. */
    private static final Duration PROFILE_BOUND = Duration.ofSeconds(5);
    /** Start-up, rebalances and the 10 s session timeout of a killed node, on a busy machine. */
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private final List<Node> nodes = new ArrayList<>();

    /** A Tailor node in a child JVM, its output in a log file. */
    private record Node(String name, int port, Process process, Path log) {
        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    @AfterEach
    void killNodes() throws InterruptedException {
        for (Node node : nodes) {
            node.process().destroyForcibly();
            node.process().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void threeNodesOneKilledMidIngestLoseNoAcknowledgedEventAndCountEachOnce() throws Exception {
        PostgresDatabase.Location db = TestPostgres.newDatabase();
        Map<String, String> shared = new HashMap<>(Map.of(
                "TAILOR_DATABASE_URL", db.url(), "TAILOR_DATABASE_USER", db.user(), "TAILOR_DATABASE_PASSWORD", db.password(),
                "TAILOR_KAFKA_BOOTSTRAP", KafkaBroker.shared().bootstrap(), "TAILOR_KAFKA_TOPIC", "scale-out-events",
                "TAILOR_KAFKA_GROUP", "scale-out", "TAILOR_KAFKA_PARTITIONS", Integer.toString(PARTITIONS),
                "TAILOR_SHARED_DIR", dir.resolve("shared").toString(), "TAILOR_OPTIMIZATIONS_PER_HOUR", "0"));
        shared.put("TAILOR_AUTOMATION_FILTER", "off");
        shared.put("TAILOR_HOST", "127.0.0.1");
        for (String name : List.of("a", "b", "c")) {
            nodes.add(start(name, shared));
        }
        for (Node node : nodes) {
            await(node.name() + " answers /healthz with 200", () -> status(node) == 200, () -> tail(node));
        }
        await("the three nodes share all " + PARTITIONS + " partitions, each some", () -> {
            List<Set<Integer>> owned = owned(nodes);
            return owned.stream().noneMatch(Set::isEmpty) && disjointCovering(owned);
        }, () -> "owned: " + owned(nodes));

        Node victim = nodes.get(2);
        List<Node> survivors = nodes.subList(0, 2);
        Set<String> acknowledged = new HashSet<>();
        Set<String> sent = new HashSet<>();
        int turn = 0;
        for (int round = 0; round < ROUNDS; round++) {
            if (round == KILL_AFTER_ROUND) {
                // the victim is in the middle of ingest: it acknowledged its last rounds and may not have applied them
                victim.process().destroyForcibly();
                assertThat(victim.process().waitFor(10, TimeUnit.SECONDS)).as("the killed node exited").isTrue();
            }
            // a batch per round per node in turn; one a node does not acknowledge goes to the next, as a load balancer would
            List<String> batch = round(round);
            sent.addAll(batch);
            boolean stored = false;
            for (int tries = 0; tries < 2 * nodes.size() && !stored; tries++) {
                Node node = nodes.get(turn++ % nodes.size());
                stored = track(node, batch);
            }
            assertThat(stored).as("round " + round + " acknowledged by some node").isTrue();
            acknowledged.addAll(batch);
        }

        await("the survivors own every partition between them", () -> disjointCovering(owned(survivors)), () -> "owned: " + owned(survivors));
        await("every acknowledged event stored", () -> storedIds(db).containsAll(acknowledged), () -> {
            Set<String> missing = new HashSet<>(acknowledged);
            missing.removeAll(storedIds(db));
            return missing.size() + " missing, e.g. " + missing.stream().sorted().limit(10).toList();
        });
        List<String> storedIds = storedIdList(db);
        assertThat(new HashSet<>(storedIds)).as("stored exactly once, nothing never sent").hasSize(storedIds.size())
                .containsAll(acknowledged).isSubsetOf(sent);

        List<Set<Integer>> owned = owned(survivors);
        for (int v = 0; v < VISITORS; v++) {
            String user = visitor(v);
            Node owner = owned.get(0).contains(partitionOf(user)) ? survivors.get(0) : survivors.get(1);
            long storedForUser = storedIds.stream().filter(id -> id.startsWith(user + "-")).count();
            await(user + "'s profile on " + owner.name() + " counts its " + storedForUser + " stored events",
                    () -> profileEvents(owner, user) == storedForUser, () -> "profile events " + profileEvents(owner, user) + "\n" + tail(owner));
        }

        // the bound: an event sent to one survivor is in the profile on the other, its visitor's owner
        Node owner = survivors.get(1);
        String user = firstVisitorOwnedBy(owned.get(1));
        int before = profileEvents(owner, user);
        assertThat(track(survivors.get(0), List.of(user + "-" + ROUNDS))).isTrue();
        long deadline = System.nanoTime() + PROFILE_BOUND.toNanos();
        while (profileEvents(owner, user) != before + 1) {
            assertThat(System.nanoTime()).as("within " + PROFILE_BOUND.toSeconds() + " s an event sent to a shows in "
                    + user + "'s profile on b").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private Node start(String name, Map<String, String> shared) throws IOException {
        int port = freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", testClassPath(), Tailor.class.getName(), "serve");
        Path log = dir.resolve("node-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(shared);
        builder.environment().put("TAILOR_DATA_DIR", dir.resolve("node-" + name).toString());
        builder.environment().put("TAILOR_PORT", Integer.toString(port));
        return new Node(name, port, builder.start(), log);
    }

    private static List<String> round(int round) {
        List<String> events = new ArrayList<>();
        for (int v = 0; v < VISITORS; v++) {
            events.add(visitor(v) + "-" + round);
        }
        return events;
    }

    /** Posts the events ({@code <visitor>-<round>} ids) as one batch; true when the node acknowledged all of them. */
    private static boolean track(Node node, List<String> eventIds) throws InterruptedException {
        String body = "{\"events\":[" + String.join(",", eventIds.stream().map(ScaleOutTest::event).toList()) + "]}";
        try {
            HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(node.url("/api/track")))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return reply.statusCode() == 200 && JSON.readTree(reply.body()).path("accepted").asInt() == eventIds.size();
        } catch (IOException refusedOrCut) {
            return false;
        }
    }

    private static String event(String eventId) {
        String user = eventId.substring(0, eventId.lastIndexOf('-'));
        int round = Integer.parseInt(eventId.substring(eventId.lastIndexOf('-') + 1));
        return "{\"event_id\":\"" + eventId + "\",\"session_id\":\"s-" + user + "\",\"event\":\"page_view\","
                + "\"section\":\"hero\",\"time_spent\":" + (5 + round) + ",\"user_id\":\"" + user + "\"}";
    }

    private static String visitor(int v) {
        return String.format("visitor-%02d", v);
    }

    /** Kafka's default partitioner, as KafkaTopic#partitionOf computes it. */
    private static int partitionOf(String user) {
        return Utils.toPositive(Utils.murmur2(user.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static String firstVisitorOwnedBy(Set<Integer> partitions) {
        for (int v = 0; v < VISITORS; v++) {
            if (partitions.contains(partitionOf(visitor(v)))) {
                return visitor(v);
            }
        }
        throw new AssertionError("no visitor in partitions " + partitions);
    }

    private static int status(Node node) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(node.url("/healthz"))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static JsonNode getJson(Node node, String path) {
        try {
            HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return reply.statusCode() == 200 ? JSON.readTree(reply.body()) : JSON.missingNode();
        } catch (IOException e) {
            return JSON.missingNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.missingNode();
        }
    }

    /** The partitions each node says on /healthz that it owns. */
    private static List<Set<Integer>> owned(List<Node> of) {
        List<Set<Integer>> owned = new ArrayList<>();
        for (Node node : of) {
            Set<Integer> partitions = new HashSet<>();
            getJson(node, "/healthz").path("event_stream").path("owned_partitions").forEach(p -> partitions.add(p.asInt()));
            owned.add(partitions);
        }
        return owned;
    }

    private static boolean disjointCovering(List<Set<Integer>> owned) {
        Set<Integer> all = new HashSet<>();
        int total = 0;
        for (Set<Integer> partitions : owned) {
            all.addAll(partitions);
            total += partitions.size();
        }
        return all.size() == PARTITIONS && total == PARTITIONS;
    }

    private static int profileEvents(Node node, String user) {
        return getJson(node, "/api/profile/" + user).path("events").asInt(-1);
    }

    private static List<String> storedIdList(PostgresDatabase.Location db) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement st = c.createStatement();
                ResultSet rows = st.executeQuery("select event_id from events")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static Set<String> storedIds(PostgresDatabase.Location db) {
        try {
            return new HashSet<>(storedIdList(db));
        } catch (Exception e) {
            return Set.of();
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private interface Explanation {
        String why() throws Exception;
    }

    /** Polls until the condition holds; fails after {@link #GENEROUS}, saying what it saw. */
    private static void await(String what, Condition condition, Explanation seen) throws Exception {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + GENEROUS.toSeconds() + " s for: " + what + "; " + seen.why());
            }
            Thread.sleep(100);
        }
    }

    private static String tail(Node node) throws IOException {
        String log = Files.exists(node.log()) ? Files.readString(node.log()) : "";
        return node.name() + "'s log:\n" + log.substring(Math.max(0, log.length() - 4000));
    }

    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String classPath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return String.join(File.pathSeparator, classPath.split(File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
