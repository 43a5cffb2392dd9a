package dev.tailor.security;

import static dev.tailor.track.RunningTailor.countOnDisk;
import static dev.tailor.track.RunningTailor.get;
import static dev.tailor.track.RunningTailor.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.track.EventParser;
import dev.tailor.track.RunningTailor;
import dev.tailor.visitor.VisitorCookies;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing events as somebody else: without a cookie the body's {@code user_id} was trusted, so a
 * script could post goals for any visitor id it had seen (and skew a rollout). Now a visitor id
 * Tailor issued needs its signed cookie, and with a token every cookie-less event needs the
 * site's integration key; a visitor's personalized subdomain needs their cookie or the token.
 */
class ForgedVisitorsTest {

    private static final String TOKEN = "a-long-random-operator-token-0123456789";

    @TempDir
    Path dir;
    @AutoClose
    TailorApp app;

    @Test
    void anIssuedVisitorIdNeedsItsCookieOrTheIntegrationKey() throws Exception {
        app = RunningTailor.start(dir, Map.of(), Clock.systemUTC());
        String cookie = get(app, "/").raw().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String visitor = app.components().cookies().verify(cookie.substring(cookie.indexOf('=') + 1)).orElseThrow();
        String goal = "{\"event\":\"goal\",\"goal\":\"start_trial\",\"user_id\":\"" + visitor + "\"}";

        RunningTailor.Reply forged = post(app, "/api/track", goal);
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.json().get("field").asText()).isEqualTo("user_id");
        assertThat(forged.json().get("error").asText()).isEqualTo(EventParser.ISSUED_ID_NEEDS_COOKIE);
        assertThat(countOnDisk(app, "select count(*) from events where user_id = '" + visitor + "'")).isZero();

        assertThat(post(app, "/api/track", goal, "Cookie", cookie).status()).isEqualTo(200);
        String key = Files.readString(dir.resolve("integration.key")).strip();
        assertThat(post(app, "/api/track", goal.replace("start_trial", "signup"), "X-Tailor-Key", key).status()).isEqualTo(200);
        assertThat(countOnDisk(app, "select count(*) from events where user_id = '" + visitor + "'")).isEqualTo(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("integration.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void withATokenEveryCookieLessEventNeedsTheKeyOrTheToken() throws Exception {
        app = RunningTailor.start(dir, Map.of("TAILOR_API_TOKEN", TOKEN), Clock.systemUTC());
        String event = "{\"event\":\"page_view\",\"user_id\":\"alyssa\"}";

        RunningTailor.Reply forged = post(app, "/api/track", event);
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.json().get("error").asText()).isEqualTo(EventParser.NEEDS_INTEGRATION_KEY);
        assertThat(post(app, "/api/track", event, "X-Tailor-Key", "guessed").status()).isEqualTo(400);

        String key = Files.readString(dir.resolve("integration.key")).strip();
        assertThat(post(app, "/api/track", event, "X-Tailor-Key", key).status()).isEqualTo(200);
        assertThat(post(app, "/api/track", event.replace("page_view", "click"), "Authorization", "Bearer " + TOKEN).status())
                .isEqualTo(200);
        // a browser with its cookie needs nothing else
        String cookie = VisitorCookies.NAME + "=" + app.components().cookies().sign("alyssa");
        assertThat(post(app, "/api/track", "{\"event\":\"scroll\",\"scroll_depth\":40}", "Cookie", cookie).status()).isEqualTo(200);
        assertThat(countOnDisk(app, "select count(*) from events where user_id = 'alyssa'")).isEqualTo(3);
    }

    @Test
    void aVisitorsPersonalizedHostNeedsTheirCookieOrTheToken() throws Exception {
        app = RunningTailor.start(dir, Map.of("TAILOR_API_TOKEN", TOKEN), Clock.systemUTC());
        String own = VisitorCookies.NAME + "=" + app.components().cookies().sign("zoe");
        String other = VisitorCookies.NAME + "=" + app.components().cookies().sign("mallory");

        assertThat(statusLine(rawGet("zoe-personalized.localhost"))).contains(" 401 ");
        assertThat(rawGet("zoe-personalized.localhost")).contains("\"field\":\"authorization\"");
        assertThat(statusLine(rawGet("zoe-personalized.localhost", "Cookie: " + other))).contains(" 401 ");
        assertThat(statusLine(rawGet("zoe-personalized.localhost", "Cookie: " + own))).contains(" 200 ");
        assertThat(statusLine(rawGet("zoe-personalized.localhost", "Authorization: Bearer " + TOKEN))).contains(" 200 ");
        assertThat(statusLine(rawGet("localhost"))).contains(" 200 "); // the site itself stays open
    }

    @Test
    void withoutATokenTailorListensOnThisMachineOnly() {
        assertThat(TailorConfig.from(Map.of()).host()).isEqualTo("127.0.0.1");
        assertThat(TailorConfig.from(Map.of()).listensBeyondThisMachine()).isFalse();
        assertThat(TailorConfig.from(Map.of("TAILOR_API_TOKEN", TOKEN)).host()).isEqualTo("0.0.0.0");
        assertThat(TailorConfig.from(Map.of("TAILOR_HOST", "0.0.0.0")).listensBeyondThisMachine()).isTrue();
    }

    private String rawGet(String host, String... headers) throws IOException {
        try (Socket s = new Socket("127.0.0.1", app.port())) {
            s.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
            for (String h : headers) {
                request.append(h).append("\r\n");
            }
            s.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String statusLine(String response) {
        return response.substring(0, response.indexOf('\r'));
    }
}
