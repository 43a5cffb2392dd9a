package dev.tailor.security;

import static dev.tailor.track.RunningTailor.get;
import static dev.tailor.track.RunningTailor.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.track.RunningTailor;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smaller findings of issue 13: trailing JSON, chunk sizes, file modes, token guessing, the admin cookie. */
class SmallerAttacksTest {

    private static final String TOKEN = "another-long-random-operator-token-42";

    @TempDir
    Path dir;
    @AutoClose
    TailorApp app;

    @Test
    void trailingJsonAfterTheEventIsRejectedAndAnOverlongChunkIsA400() throws Exception {
        app = RunningTailor.start(dir, Map.of(), Clock.systemUTC());
        RunningTailor.Reply reply = post(app, "/api/track",
                "{\"event\":\"page_view\",\"user_id\":\"tess\"} {\"event\":\"goal\",\"goal\":\"x\",\"user_id\":\"tess\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("body");
        assertThat(reply.json().get("error").asText()).startsWith("body is not valid JSON");

        String answer = raw("POST /api/track HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400");
    }

    @Test
    void abortedUploadsLogNoStackTraces() throws Exception {
        app = RunningTailor.start(dir, Map.of(), Clock.systemUTC());
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 50; i++) {
                try (Socket s = new Socket("127.0.0.1", app.port())) {
                    s.getOutputStream().write(("POST /api/track HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000\r\n\r\n{\"event\":").getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    Thread.sleep(20);
                } // closed mid-body
            }
            Thread.sleep(500);
            assertThat(get(app, "/healthz").status()).isEqualTo(200);
        } finally {
            System.setErr(err);
        }
        String written = log.toString(StandardCharsets.UTF_8);
        assertThat(written).doesNotContain("\tat ");
        assertThat(written.length()).as(written).isLessThan(50 * 300);
    }

    @Test
    void eventsThatCannotBeStoredAreA503InJsonNotAnAcknowledgement() throws Exception {
        app = RunningTailor.start(dir, Map.of(), Clock.systemUTC());
        app.components().eventLog().close(); // the writer is gone, as after a storage failure

        RunningTailor.Reply reply = post(app, "/api/track", "{\"event\":\"page_view\",\"user_id\":\"tess\"}");
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().get("field").asText()).isEqualTo("storage");
        assertThat(reply.json().get("error").asText()).contains("none of them was acknowledged");
        assertThat(reply.raw().headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void theDatabaseFilesAreTheOwnersAlone() throws Exception {
        app = RunningTailor.start(dir, Map.of(), Clock.systemUTC());
        post(app, "/api/track", "{\"event\":\"page_view\",\"user_id\":\"tess\"}");
        for (String name : new String[] {"tailor.db", "tailor.db-wal", "tailor.db-shm"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name)))).as(name)
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void guessingTheTokenIsThrottledAndTheAdminCookieIsARandomSession() throws Exception {
        app = RunningTailor.start(dir, Map.of("TAILOR_API_TOKEN", TOKEN), Clock.systemUTC());
        for (int i = 0; i < 10; i++) {
            assertThat(get(app, "/api/metrics", "Authorization", "Bearer guess-" + i).status()).isEqualTo(401);
        }
        RunningTailor.Reply throttled = get(app, "/api/metrics", "Authorization", "Bearer " + TOKEN);
        assertThat(throttled.status()).isEqualTo(429); // even the right token waits: guessing cannot go on
        assertThat(throttled.json().get("field").asText()).isEqualTo("authorization");
        assertThat(throttled.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(get(app, "/").status()).isEqualTo(200); // the site is not throttled

        app.close();
        app = RunningTailor.start(dir, Map.of("TAILOR_API_TOKEN", TOKEN), Clock.systemUTC());
        String first = adminCookie(get(app, "/dashboard?token=" + TOKEN));
        String second = adminCookie(get(app, "/dashboard?token=" + TOKEN));
        assertThat(first).isNotEqualTo(second);
        String tokenDigest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        assertThat(first).isNotEqualTo(tokenDigest);
        assertThat(get(app, "/api/metrics", "Cookie", "tailor_admin=" + first).status()).isEqualTo(200);
        assertThat(get(app, "/api/metrics", "Cookie", "tailor_admin=" + tokenDigest).status()).isEqualTo(401);
    }

    private static String adminCookie(RunningTailor.Reply reply) {
        String header = reply.raw().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("tailor_admin="))
                .findFirst().orElseThrow();
        return header.substring("tailor_admin=".length(), header.indexOf(';'));
    }

    private String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", app.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
