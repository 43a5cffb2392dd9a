package dev.tailor.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.track.RunningTailor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slow-upload attack: many connections that trickle a request body a byte at a time used to
 * pin one Jetty thread each in a blocking body read until the pool was gone and every page timed
 * out. Now bodies are read without a thread, and a body that does not arrive in time is a 408.
 * (The figures at 1,000 connections are in {@code docs/security.md}, from {@code bench/security/slow-bodies.sh}.)
 */
class SlowClientsTest {

    /** More than Jetty's whole thread pool (Javalin's default is 250 threads). */
    private static final int SLOW_CONNECTIONS = 400;

    @TempDir
    Path dir;
    TailorApp app;
    final List<Socket> slow = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : slow) {
            s.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void slowBodiesLeaveThePagesAndTheApiAnsweringAndAreCutOffAtTheDeadline() throws Exception {
        app = RunningTailor.start(dir, Map.of("TAILOR_BODY_READ_TIMEOUT", "4s"), Clock.systemUTC());
        int port = app.port();
        for (int i = 0; i < SLOW_CONNECTIONS; i++) {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/track HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            slow.add(s);
        }
        Thread.sleep(500); // every slow request is now in its body read
        for (Socket s : slow) {
            s.getOutputStream().write(' '); // a byte now and then: never idle, never done
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            HttpResponse<String> track = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/track"))
                    .timeout(Duration.ofSeconds(3)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"page_view\",\"user_id\":\"normal-" + i + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(track.statusCode()).isEqualTo(200);
        }

        Map<String, Integer> answers = new java.util.TreeMap<>();
        for (Socket s : slow) {
            answers.merge(statusLine(s.getInputStream()), 1, Integer::sum);
        }
        assertThat(answers).containsExactly(Map.entry("HTTP/1.1 408 Request Timeout", SLOW_CONNECTIONS));
    }

    @Test
    void aBodyThatStopsHalfWayIsA408WithTheJsonError() throws Exception {
        app = RunningTailor.start(dir, Map.of("TAILOR_BODY_READ_TIMEOUT", "1s"), Clock.systemUTC());
        try (Socket s = new Socket("127.0.0.1", app.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /api/track HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"event\":").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat(answer).contains("\"field\":\"body\"").contains("TAILOR_BODY_READ_TIMEOUT");
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString().strip();
    }
}
