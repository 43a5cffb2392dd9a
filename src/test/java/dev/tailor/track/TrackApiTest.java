package dev.tailor.track;

import static dev.tailor.track.RunningTailor.countOnDisk;
import static dev.tailor.track.RunningTailor.post;
import static dev.tailor.track.RunningTailor.textOnDisk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/track} over real HTTP against a real Tailor; what is stored is read back from the SQLite file. */
class TrackApiTest {

    @TempDir
    static Path dir;
    static TailorApp app;

    @BeforeAll
    static void start() throws Exception {
        app = RunningTailor.start(dir, Map.of(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theSpecsEventIsOnDiskWhenTheAnswerArrives() throws Exception {
        RunningTailor.Reply reply = post(app, "/api/track",
                "{\"event\":\"page_view\",\"page\":\"analytics_dashboard\",\"time_spent\":180,\"scroll_depth\":95,\"user_id\":\"alyssa\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(reply.json().get("rejected")).isEmpty();
        // a separate connection to the file sees the committed row: durable before the answer
        assertThat(countOnDisk(app, "select count(*) from events where user_id = 'alyssa' and section = 'analytics_dashboard'"
                + " and time_spent = 180 and scroll_depth = 95")).isEqualTo(1);
    }

    @Test
    void aBadSingleEventIsA400NamingTheFieldAndIsKeptForInspection() throws Exception {
        RunningTailor.Reply reply = post(app, "/api/track", "{\"event\":\"page_view\",\"user_id\":\"bea\",\"scroll_depth\":250}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("scroll_depth");
        assertThat(reply.json().get("error").asText()).isEqualTo("scroll_depth must be between 0 and 100, got 250");
        assertThat(countOnDisk(app, "select count(*) from events where user_id = 'bea'")).isZero();
        assertThat(textOnDisk(app, "select reason from failed_events where user_id = 'bea'"))
                .isEqualTo("scroll_depth must be between 0 and 100, got 250");
    }

    @Test
    void aBatchStoresTheGoodEventsAndReportsAndKeepsTheBadOnes() throws Exception {
        RunningTailor.Reply reply = post(app, "/api/track", """
                {"events":[
                  {"event":"page_view","user_id":"carl","event_id":"carl-1","section":"hero"},
                  {"event":"section_dwell","user_id":"carl","event_id":"carl-2","section":"analytics_dashboard","time_spent":"long"},
                  {"event":"goal","user_id":"carl","event_id":"carl-3","goal":"signup"},
                  {"event":"wave","user_id":"carl","event_id":"carl-4"}
                ]}""");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(reply.json().get("rejected")).hasSize(2);
        assertThat(reply.json().get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(reply.json().get("rejected").get(0).get("field").asText()).isEqualTo("time_spent");
        assertThat(reply.json().get("rejected").get(0).get("error").asText()).isEqualTo("time_spent must be a number, got string");
        assertThat(reply.json().get("rejected").get(1).get("index").asInt()).isEqualTo(3);
        assertThat(reply.json().get("rejected").get(1).get("field").asText()).isEqualTo("event");

        assertThat(countOnDisk(app, "select count(*) from events where event_id in ('carl-1', 'carl-3')")).isEqualTo(2);
        assertThat(countOnDisk(app, "select count(*) from failed_events where user_id = 'carl'")).isEqualTo(2);
        assertThat(textOnDisk(app, "select payload from failed_events where user_id = 'carl' and field = 'event'"))
                .contains("\"event_id\":\"carl-4\"");
        assertThat(app.components().eventLog().failedEvents(10)).anySatisfy(f -> assertThat(f.field()).isEqualTo("time_spent"));
    }

    @Test
    void aBatchWithOnlyBadEventsIsA400ThatStillReportsEachOne() throws Exception {
        RunningTailor.Reply reply = post(app, "/api/track", "{\"events\":[{\"event\":\"page_view\"},{\"user_id\":\"dora\"}]}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("accepted").asInt()).isZero();
        assertThat(reply.json().get("rejected").get(0).get("field").asText()).isEqualTo("user_id");
        assertThat(reply.json().get("rejected").get(1).get("field").asText()).isEqualTo("event");
    }

    @Test
    void aResentEventIsStoredOnceAndReportedAsDuplicate() throws Exception {
        String event = "{\"event\":\"section_dwell\",\"user_id\":\"eve\",\"event_id\":\"eve-dwell-1\",\"section\":\"hero\",\"time_spent\":12}";

        RunningTailor.Reply first = post(app, "/api/track", event);
        RunningTailor.Reply again = post(app, "/api/track", event);
        RunningTailor.Reply inBatch = post(app, "/api/track", "{\"events\":[" + event + ","
                + event.replace("eve-dwell-1", "eve-dwell-2") + "]}");

        assertThat(first.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("accepted").asInt()).isZero();
        assertThat(again.json().get("duplicates").asInt()).isEqualTo(1);
        assertThat(again.json().get("duplicate_ids").get(0).asText()).isEqualTo("eve-dwell-1");
        assertThat(inBatch.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(inBatch.json().get("duplicates").asInt()).isEqualTo(1);
        assertThat(countOnDisk(app, "select count(*) from events where event_id = 'eve-dwell-1'")).isEqualTo(1);
        // the profile counted the dwell once, not three times
        assertThat(app.components().profiles().profile("eve").orElseThrow().engagedSeconds()).isEqualTo(24);
    }

    @Test
    void aBatchOverTheLengthLimitIsRejectedWholeWithTheLimit() throws Exception {
        String events = IntStream.range(0, EventParser.MAX_BATCH + 1)
                .mapToObj(i -> "{\"event\":\"page_view\",\"user_id\":\"fred\"}").collect(Collectors.joining(","));

        RunningTailor.Reply reply = post(app, "/api/track", "{\"events\":[" + events + "]}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("events");
        assertThat(reply.json().get("error").asText()).isEqualTo("events has 501 items; at most 500 per request");
        assertThat(countOnDisk(app, "select count(*) from events where user_id = 'fred'")).isZero();
    }

    @Test
    void aBodyOverTheSizeLimitIsA413WithAClearError() throws Exception {
        // Tailor answers from the declared length, before reading the body; sending the body too would race
        // the server's early answer against the client's writes (a reset connection, not a test of Tailor)
        String reply;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.getOutputStream().write(("POST /api/track HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (EventParser.MAX_BODY_BYTES + 100) + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            reply = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(reply).startsWith("HTTP/1.1 413");
        com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(reply.substring(reply.indexOf("\r\n\r\n") + 4));
        assertThat(body.get("field").asText()).isEqualTo("body");
        assertThat(body.get("error").asText()).contains("at most 1048576 bytes per request");
    }

    @Test
    void notJsonIsA400OnTheBody() throws Exception {
        RunningTailor.Reply reply = post(app, "/api/track", "event=page_view");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("body");
        assertThat(reply.json().get("error").asText()).startsWith("body is not valid JSON");
    }

    @Test
    void aBrowserAskingNotToBeTrackedIsNotTracked() throws Exception {
        String event = "{\"event\":\"page_view\",\"user_id\":\"hal\"}";

        assertThat(post(app, "/api/track", event, "Sec-GPC", "1").status()).isEqualTo(204);
        assertThat(post(app, "/api/track", event, "DNT", "1").status()).isEqualTo(204);

        assertThat(countOnDisk(app, "select count(*) from events where user_id = 'hal'")).isZero();
        assertThat(app.components().profiles().profile("hal")).isEmpty();
    }
}
