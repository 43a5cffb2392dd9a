package dev.tailor.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.Tailor;
import dev.tailor.config.Durability;
import dev.tailor.config.TailorConfig;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code TAILOR_DURABILITY=process} from the outside: Tailor in a child JVM ({@code dev.tailor.Tailor serve})
 * on SQLite, posting from several clients at once, killed with SIGKILL in the middle of it. Every event it
 * acknowledged is in the file afterwards: a commit that waits for the operating system but not the disk
 * survives a kill of the process (what it does not survive, a power loss, no test here can cause).
 */
class ProcessDurabilityKillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int CLIENTS = 8;
    /** Acknowledged batches before the kill, so that it lands while the clients are still posting. */
    private static final int ACKED_BEFORE_KILL = 60;

    @TempDir
    Path dir;

    private Process tailor;

    @AfterEach
    void kill() throws InterruptedException {
        if (tailor != null) {
            tailor.destroyForcibly();
            tailor.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anotherValueIsRefusedAtStartUpNamingTheVariable() {
        assertThatThrownBy(() -> TailorConfig.from(Map.of("TAILOR_DURABILITY", "fast")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("TAILOR_DURABILITY=fast is not valid: expected full")
                .hasMessageContaining("process");
        assertThat(TailorConfig.from(Map.of()).durability()).isEqualTo(Durability.FULL);
        assertThat(TailorConfig.from(Map.of("TAILOR_DURABILITY", "process")).durability()).isEqualTo(Durability.PROCESS);
    }

    @Test
    void everyAcknowledgedEventIsInTheFileAfterSigkill() throws Exception {
        int port = freePort();
        Path data = dir.resolve("data");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", testClassPath(), Tailor.class.getName(), "serve")
                .redirectErrorStream(true).redirectOutput(dir.resolve("tailor.log").toFile());
        builder.environment().putAll(Map.of("TAILOR_DATA_DIR", data.toString(), "TAILOR_PORT", Integer.toString(port),
                "TAILOR_HOST", "127.0.0.1", "TAILOR_DURABILITY", "process", "TAILOR_RATE_LIMIT_CLIENT", "0",
                "TAILOR_RATE_LIMIT_VISITOR", "0", "TAILOR_OPTIMIZATIONS_PER_HOUR", "0"));
        tailor = builder.start();
        String base = "http://127.0.0.1:" + port;
        JsonNode health = awaitHealthy(base);
        assertThat(health.path("durability").asText()).isEqualTo("process");

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean killed = new AtomicBoolean();
        CountDownLatch enough = new CountDownLatch(ACKED_BEFORE_KILL);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                for (int batch = 0; !killed.get(); batch++) {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        ids.add("c" + client + "-b" + batch + "-" + i);
                    }
                    if (post(base, "visitor-" + client, ids)) {
                        acknowledged.addAll(ids);
                        enough.countDown();
                    }
                }
            }, "client-" + c);
            thread.start();
            clients.add(thread);
        }
        assertThat(enough.await(120, TimeUnit.SECONDS)).as(ACKED_BEFORE_KILL + " batches acknowledged; log:\n" + log()).isTrue();
        tailor.destroyForcibly(); // SIGKILL while the clients post: no shutdown hook, no last checkpoint
        assertThat(tailor.waitFor(10, TimeUnit.SECONDS)).isTrue();
        killed.set(true);
        for (Thread client : clients) {
            client.join();
        }

        Set<String> stored = storedIds(data.resolve("tailor.db"));
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(stored);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKED_BEFORE_KILL * 20);
        assertThat(missing).as("acknowledged but not in the file after SIGKILL").isEmpty();
    }

    /** One batch for the visitor; true when Tailor answered that it stored every event of it. */
    private static boolean post(String base, String user, List<String> ids) {
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < ids.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"event\":\"section_dwell\",\"section\":\"hero\",\"time_spent\":2,")
                    .append("\"user_id\":\"").append(user).append("\",\"event_id\":\"").append(ids.get(i)).append("\"}");
        }
        body.append("]}");
        try {
            HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/track"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            return reply.statusCode() == 200 && JSON.readTree(reply.body()).path("accepted").asInt() == ids.size();
        } catch (IOException cut) {
            return false; // killed mid-request: not acknowledged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode awaitHealthy(String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(tailor.isAlive()).as("Tailor runs; log:\n" + log()).isTrue();
            try {
                HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/healthz"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() == 200) {
                    return JSON.readTree(reply.body());
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Tailor did not answer /healthz within 120 s; log:\n" + log());
    }

    private static Set<String> storedIds(Path file) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery("select event_id from events")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("tailor.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
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
