package dev.tailor.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.TailorApp;
import dev.tailor.track.EventParser;
import dev.tailor.track.RunningTailor;
import dev.tailor.visitor.VisitorCookies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who a request may speak for, over real HTTP: a browser only for the visitor of its signed cookie,
 * the admin (TAILOR_API_TOKEN) for everyone, a visitor for their own profile and erasure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VisitorIdentityTest {

    private static final String TOKEN = "s3cret-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static TailorApp app;

    @BeforeAll
    static void start() throws Exception {
        app = RunningTailor.start(dir, Map.of("TAILOR_API_TOKEN", TOKEN), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** What a server-side integration sends with events for visitors it names without their cookie (issue 13). */
    private static final String KEY = "X-Tailor-Key";

    private static String key() {
        return app.components().cookies().integrationKey();
    }

    private static String cookieOf(String visitor) {
        return VisitorCookies.NAME + "=" + app.components().cookies().sign(visitor);
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    @Order(1)
    void theVisitorCookieIsHttpOnly() throws Exception {
        HttpResponse<String> page = send("GET", "/", null);
        assertThat(page.headers().firstValue("Set-Cookie")).hasValueSatisfying(c ->
                assertThat(c).startsWith(VisitorCookies.NAME + "=").containsIgnoringCase("HttpOnly"));
    }

    @Test
    @Order(2)
    void aBrowserCannotWriteEventsAsAnotherVisitor() throws Exception {
        HttpResponse<String> forged = send("POST", "/api/track",
                "{\"event\":\"page_view\",\"user_id\":\"victim\",\"section\":\"hero\"}", "Cookie", cookieOf("mallory"));
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(json(forged).get("field").asText()).isEqualTo("user_id");
        assertThat(json(forged).get("error").asText()).isEqualTo(EventParser.USER_ID_DIFFERS)
                .isEqualTo("user_id differs from the visitor cookie");
        assertThat(app.components().eventLog().eventsOf("victim")).isEmpty();

        // in a batch, only the event naming someone else is rejected
        HttpResponse<String> batch = send("POST", "/api/track", """
                {"events":[{"event":"page_view","section":"hero"},
                           {"event":"page_view","user_id":"mallory","section":"hero"},
                           {"event":"page_view","user_id":"victim","section":"hero"}]}""", "Cookie", cookieOf("mallory"));
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(json(batch).get("accepted").asInt()).isEqualTo(2);
        assertThat(json(batch).get("rejected").get(0).get("index").asInt()).isEqualTo(2);
        assertThat(app.components().eventLog().eventsOf("mallory")).hasSize(2);
        assertThat(app.components().eventLog().eventsOf("victim")).isEmpty();
        // the rejected event is the sender's, for erasure
        assertThat(app.components().eventLog().failedEvents(10)).anySatisfy(f -> {
            assertThat(f.reason()).isEqualTo(EventParser.USER_ID_DIFFERS);
            assertThat(f.userId()).isEqualTo("mallory");
        });

        // a server-to-server call (no cookie) names the visitor in user_id, as in the original spec
        HttpResponse<String> server = send("POST", "/api/track", "{\"event\":\"page_view\",\"user_id\":\"victim\"}",
                "Content-Type", "application/json", KEY, key());
        assertThat(server.statusCode()).isEqualTo(200);
        assertThat(app.components().eventLog().eventsOf("victim")).hasSize(1);
    }

    @Test
    @Order(3)
    void twoVisitorsMayUseTheSameEventId() throws Exception {
        HttpResponse<String> a = send("POST", "/api/track", "{\"event\":\"page_view\",\"user_id\":\"ida\",\"event_id\":\"e1\"}", KEY, key());
        HttpResponse<String> b = send("POST", "/api/track", "{\"event\":\"page_view\",\"user_id\":\"jon\",\"event_id\":\"e1\"}", KEY, key());
        HttpResponse<String> again = send("POST", "/api/track", "{\"event\":\"page_view\",\"user_id\":\"jon\",\"event_id\":\"e1\"}", KEY, key());

        assertThat(json(a).get("accepted").asInt()).isEqualTo(1);
        assertThat(json(b).get("accepted").asInt()).as("jon's e1 is not a duplicate of ida's").isEqualTo(1);
        assertThat(json(again).get("duplicates").asInt()).isEqualTo(1);
        assertThat(app.components().profiles().profile("jon")).isPresent();
    }

    @Test
    @Order(4)
    void withATokenTheAdminEndpointsNeedItAndAnswer401InJson() throws Exception {
        send("POST", "/api/track", "{\"event\":\"page_view\",\"user_id\":\"kim\",\"section\":\"hero\"}", KEY, key());
        for (String path : new String[] {"/api/profile/kim", "/api/optimize?user_id=kim", "/api/metrics", "/dashboard"}) {
            HttpResponse<String> anonymous = send("GET", path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(json(anonymous).get("field").asText()).isEqualTo("authorization");
            assertThat(send("GET", path, null, "Authorization", "Bearer wrong").statusCode()).as(path).isEqualTo(401);
            assertThat(send("GET", path, null, "Authorization", "Bearer " + TOKEN).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(send("DELETE", "/api/users/kim", null).statusCode()).isEqualTo(401);
        assertThat(app.components().eventLog().eventsOf("kim")).hasSize(1);
        // open: tracking, pages, health
        assertThat(send("GET", "/", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/healthz", null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void aVisitorMayReadAndEraseTheirOwnDataButNoOneElses() throws Exception {
        send("POST", "/api/track", "{\"event\":\"page_view\",\"section\":\"hero\"}", "Cookie", cookieOf("lea"));
        send("POST", "/api/track", "{\"event\":\"page_view\",\"user_id\":\"max\",\"section\":\"hero\"}", KEY, key());

        assertThat(send("GET", "/api/profile/lea", null, "Cookie", cookieOf("lea")).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/profile/max", null, "Cookie", cookieOf("lea")).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/api/users/max", null, "Cookie", cookieOf("lea")).statusCode()).isEqualTo(401);
        assertThat(app.components().eventLog().eventsOf("max")).hasSize(1);
        // a forged cookie proves nothing
        assertThat(send("GET", "/api/profile/max", null, "Cookie", VisitorCookies.NAME + "=max.AAAAAAAAAAAAAAAAAAAAAA")
                .statusCode()).isEqualTo(401);

        HttpResponse<String> erased = send("DELETE", "/api/users/lea", null, "Cookie", cookieOf("lea"));
        assertThat(erased.statusCode()).isEqualTo(200);
        assertThat(json(erased).get("events").asInt()).isEqualTo(1);
        assertThat(app.components().eventLog().eventsOf("lea")).isEmpty();
        assertThat(send("DELETE", "/api/users/max", null, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void theDashboardTakesTheTokenOnceAndItsOwnFetchesThenWork() throws Exception {
        assertThat(send("GET", "/dashboard?token=wrong", null).statusCode()).isEqualTo(401);

        HttpResponse<String> page = send("GET", "/dashboard?token=" + TOKEN, null);
        assertThat(page.statusCode()).isEqualTo(200);
        String setCookie = page.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("tailor_admin=")).findFirst().orElseThrow();
        assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .doesNotContain(TOKEN);
        String adminCookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(send("GET", "/api/metrics", null, "Cookie", adminCookie).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/dashboard", null, "Cookie", adminCookie).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/metrics", null, "Cookie", "tailor_admin=00ff").statusCode()).isEqualTo(401);
    }

    @Test
    @Order(99)
    void healthSaysDegradedWith503WhenTheEventWriterIsDown() throws Exception {
        HttpResponse<String> healthy = send("GET", "/healthz", null);
        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(json(healthy).get("event_writer").asText()).isEqualTo("running");

        app.components().eventLog().close(); // the writer stops, as it would if it died

        HttpResponse<String> degraded = send("GET", "/healthz", null);
        assertThat(degraded.statusCode()).isEqualTo(503);
        assertThat(json(degraded).get("status").asText()).isEqualTo("degraded");
        assertThat(json(degraded).get("event_writer").asText()).isEqualTo("stopped");
    }
}
