package dev.tailor.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EventParserTest {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    final EventParser parser = new EventParser(new ObjectMapper(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void eventsReportingNavigatorWebdriverNameTheirVisitors() throws Exception {
        EventParser.Parsed parsed = parser.parse("""
                {"events":[{"event":"page_view","user_id":"driven","webdriver":true},
                           {"event":"page_view","user_id":"said-so-in-a-string","webdriver":"true"},
                           {"event":"page_view","user_id":"plain"},
                           {"event":"nonsense","user_id":"rejected","webdriver":true}]}""", null);
        assertThat(parsed.accepted()).hasSize(3);
        assertThat(parsed.webdriverVisitors()).containsExactly("driven");
    }

    @Test
    void aRenderErrorNamesThePagesBuildAndWhatThePageSaw() throws Exception {
        EventParser.Parsed parsed = parser.parse("""
                {"events":[{"event":"render_error","user_id":"v1","artifact":"0123456789abcdef","reason":"error","message":"boom"},
                           {"event":"render_error","user_id":"v2","artifact":"0123456789abcdef","reason":"empty_root"},
                           {"event":"render_error","user_id":"v3","artifact":"0123456789abcdef","reason":"unhandledrejection"},
                           {"event":"error","user_id":"v4","message":"not a render failure"}]}""", null);

        assertThat(parsed.rejected()).isEmpty();
        assertThat(parsed.accepted()).extracting(TrackEvent::event)
                .containsExactly("render_error", "render_error", "render_error", "error");
        assertThat(parsed.renderErrors()).containsExactly(
                new RenderError("v1", "0123456789abcdef", RenderError.Reason.ERROR),
                new RenderError("v2", "0123456789abcdef", RenderError.Reason.EMPTY_ROOT),
                new RenderError("v3", "0123456789abcdef", RenderError.Reason.UNHANDLED_REJECTION));
        assertThat(parsed.accepted().get(0).payload()).contains("\"artifact\":\"0123456789abcdef\"", "\"reason\":\"error\"",
                "\"message\":\"boom\"");
    }

    @ParameterizedTest(name = "{0} → rejected on {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"event\":\"render_error\",\"user_id\":\"a\",\"reason\":\"error\"}                           | artifact | artifact is required",
        "{\"event\":\"render_error\",\"user_id\":\"a\",\"artifact\":\"ABCDEF0123\",\"reason\":\"error\"} | artifact | artifact must be the page's build id",
        "{\"event\":\"render_error\",\"user_id\":\"a\",\"artifact\":\"abc\",\"reason\":\"error\"}        | artifact | got 'abc'",
        "{\"event\":\"render_error\",\"user_id\":\"a\",\"artifact\":7,\"reason\":\"error\"}              | artifact | artifact must be a string, got number",
        "{\"event\":\"render_error\",\"user_id\":\"a\",\"artifact\":\"0123456789abcdef\"}                 | reason   | reason is required",
        "{\"event\":\"render_error\",\"user_id\":\"a\",\"artifact\":\"0123456789abcdef\",\"reason\":\"oops\"} | reason | one of error, unhandledrejection, empty_root, not 'oops'",
    })
    void aRenderErrorIsParsedStrictly(String body, String field, String message) throws Exception {
        EventParser.Parsed parsed = parser.parse("{\"events\":[" + body + "]}", null);
        assertThat(parsed.accepted()).isEmpty();
        assertThat(parsed.renderErrors()).isEmpty();
        assertThat(parsed.rejected()).singleElement().satisfies(r -> {
            assertThat(r.field()).isEqualTo(field);
            assertThat(r.reason()).contains(message);
        });
    }

    @Test
    void theSpecsSingleEventIsAcceptedExactly() throws Exception {
        String spec = "{\"event\":\"page_view\",\"page\":\"analytics_dashboard\",\"time_spent\":180,\"scroll_depth\":95,\"user_id\":\"alyssa\"}";

        EventParser.Parsed parsed = parser.parse(spec, null);

        assertThat(parsed.batch()).isFalse();
        assertThat(parsed.rejected()).isEmpty();
        TrackEvent e = parsed.accepted().get(0);
        assertThat(e.event()).isEqualTo("page_view");
        assertThat(e.section()).isEqualTo("analytics_dashboard");
        assertThat(e.timeSpent()).isEqualTo(180);
        assertThat(e.scrollDepth()).isEqualTo(95);
        assertThat(e.userId()).isEqualTo("alyssa");
        assertThat(e.occurredAt()).isEqualTo(NOW.toEpochMilli());
        assertThat(e.eventId()).startsWith("srv-"); // no client id: the server gives it one
        assertThat(e.payload()).isEqualTo(spec);
    }

    @ParameterizedTest(name = "{0} → rejected on {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"user_id\":\"a\"}                                            | event        | event is required",
        "{\"event\":\"teleport\",\"user_id\":\"a\"}                     | event        | unknown event type 'teleport'",
        "{\"event\":42,\"user_id\":\"a\"}                               | event        | event must be a string, got number",
        "{\"event\":\"page_view\"}                                      | user_id      | user_id is required",
        "{\"event\":\"page_view\",\"user_id\":\"a b\"}                  | user_id      | user_id must be 1-128 characters",
        "{\"event\":\"page_view\",\"user_id\":\"\"}                     | user_id      | user_id must be 1-128 characters",
        "{\"event\":\"page_view\",\"user_id\":\"a\",\"page\":\"<x>\"}   | page         | page must be 1-128 characters",
        "{\"event\":\"page_view\",\"user_id\":\"a\",\"section\":7}      | section      | section must be a string, got number",
        "{\"event\":\"page_view\",\"user_id\":\"a\",\"time_spent\":-1}  | time_spent   | time_spent must be between 0 and 86400, got -1",
        "{\"event\":\"page_view\",\"user_id\":\"a\",\"time_spent\":\"9\"} | time_spent | time_spent must be a number, got string",
        "{\"event\":\"page_view\",\"user_id\":\"a\",\"scroll_depth\":101} | scroll_depth | scroll_depth must be between 0 and 100, got 101",
        "{\"event\":\"goal\",\"user_id\":\"a\"}                         | goal         | a goal event needs the goal's name",
        "{\"event\":\"page_view\",\"user_id\":\"a\",\"device\":\"fridge\"} | device     | device must be desktop, tablet or mobile, not 'fridge'",
        "{\"event\":\"page_view\",\"user_id\":\"a\",\"event_id\":\"a b\"} | event_id   | event_id must be 1-128 characters",
        "{\"event\":\"page_view\",\"user_id\":\"a\",\"session_id\":\"\"} | session_id  | session_id must be 1-128 characters",
        "{\"event\":\"page_view\",\"user_id\":\"a\",\"ts\":-5}          | ts           | ts must be between 0",
    })
    void eachBadFieldIsNamedWithItsReason(String body, String field, String reason) throws Exception {
        EventParser.Parsed parsed = parser.parse(body, null);

        assertThat(parsed.accepted()).isEmpty();
        InvalidEvent bad = parsed.rejected().get(0);
        assertThat(bad.field()).isEqualTo(field);
        assertThat(bad.reason()).contains(reason);
        assertThat(bad.payload()).isEqualTo(new ObjectMapper().readTree(body).toString());
    }

    @Test
    void theCookieVisitorStandsInForAMissingUserIdAndIsRememberedOnRejections() throws Exception {
        assertThat(parser.parse("{\"event\":\"page_view\"}", "v-123").accepted().get(0).userId()).isEqualTo("v-123");
        assertThat(parser.parse("{\"event\":\"bogus\"}", "v-123").rejected().get(0).userId()).isEqualTo("v-123");
        // with a cookie the rejection is the sender's, whatever user_id it claims; without one, the named visitor's
        assertThat(parser.parse("{\"event\":\"bogus\",\"user_id\":\"bob\"}", "v-123").rejected().get(0).userId()).isEqualTo("v-123");
        assertThat(parser.parse("{\"event\":\"bogus\",\"user_id\":\"bob\"}", null).rejected().get(0).userId()).isEqualTo("bob");
    }

    @Test
    void withAVisitorCookieAUserIdNamingSomeoneElseIsRejected() throws Exception {
        EventParser.Parsed forged = parser.parse("{\"event\":\"page_view\",\"user_id\":\"bob\"}", "v-123");
        assertThat(forged.accepted()).isEmpty();
        assertThat(forged.rejected().get(0).field()).isEqualTo("user_id");
        assertThat(forged.rejected().get(0).reason()).isEqualTo("user_id differs from the visitor cookie");

        assertThat(parser.parse("{\"event\":\"page_view\",\"user_id\":\"v-123\"}", "v-123").accepted()).hasSize(1);
        assertThat(parser.parse("{\"event\":\"page_view\",\"user_id\":\"bob\"}", null).accepted().get(0).userId())
                .as("server to server: no cookie, user_id names the visitor").isEqualTo("bob");
    }

    @Test
    void aClientClockAheadOfTheServersCannotPutEventsInTheFuture() throws Exception {
        long future = NOW.toEpochMilli() + 3_600_000;
        TrackEvent e = parser.parse("{\"event\":\"page_view\",\"user_id\":\"a\",\"ts\":" + future + "}", null).accepted().get(0);
        assertThat(e.occurredAt()).isEqualTo(NOW.toEpochMilli() + 5 * 60_000);
    }

    @Test
    void aBatchKeepsGoodEventsAndReportsBadOnesByIndex() throws Exception {
        EventParser.Parsed parsed = parser.parse("""
                {"events":[
                  {"event":"page_view","user_id":"a","event_id":"e1"},
                  {"event":"section_dwell","user_id":"a","section":"hero","time_spent":-3},
                  "not an object",
                  {"event":"goal","user_id":"a","goal":"signup","event_id":"e4"}
                ]}""", null);

        assertThat(parsed.batch()).isTrue();
        assertThat(parsed.accepted()).extracting(TrackEvent::eventId).containsExactly("e1", "e4");
        assertThat(parsed.rejected()).extracting(InvalidEvent::index, InvalidEvent::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "time_spent"), org.assertj.core.groups.Tuple.tuple(2, "event"));
        assertThat(parsed.rejected().get(1).reason()).isEqualTo("each event must be a JSON object");
    }

    @Test
    void bodiesThatAreNoEventAtAllAreRejectedWholeWithTheirField() {
        assertThatThrownBy(() -> parser.parse("{nope", null)).isInstanceOf(EventParser.MalformedBody.class)
                .hasMessageStartingWith("body is not valid JSON").extracting("field").isEqualTo("body");
        assertThatThrownBy(() -> parser.parse("[1,2]", null)).hasMessageContaining("body must be a JSON object");
        assertThatThrownBy(() -> parser.parse("{\"events\":{}}", null)).hasMessage("events must be an array of event objects");
        assertThatThrownBy(() -> parser.parse("{\"events\":[]}", null)).hasMessage("events is empty: send at least one event");
    }

    @Test
    void aBatchLongerThanTheLimitIsRejectedWithTheLimitInTheMessage() throws Exception {
        String event = "{\"event\":\"page_view\",\"user_id\":\"a\"}";
        String atLimit = "{\"events\":[" + IntStream.range(0, EventParser.MAX_BATCH).mapToObj(i -> event)
                .collect(Collectors.joining(",")) + "]}";
        assertThat(parser.parse(atLimit, null).accepted()).hasSize(EventParser.MAX_BATCH);

        String overLimit = atLimit.replace("]}", "," + event + "]}");
        assertThatThrownBy(() -> parser.parse(overLimit, null))
                .hasMessage("events has 501 items; at most 500 per request")
                .extracting("field").isEqualTo("events");
    }

    @Test
    void aBatchsRepeatedValuesAreOneInstanceAndTypesAndDevicesTheKnownOnes() throws Exception {
        EventParser.Parsed parsed = parser.parse("""
                {"events":[{"event":"section_dwell","user_id":"v7","session_id":"s1","section":"hero","device":"mobile"},
                           {"event":"section_dwell","user_id":"v7","session_id":"s1","section":"quick_cta","device":"mobile"},
                           {"event":"section_dwell","user_id":"v7","session_id":"s1","section":"hero","device":"mobile"}]}""", null);

        TrackEvent first = parsed.accepted().get(0);
        TrackEvent third = parsed.accepted().get(2);
        assertThat(third.userId()).isSameAs(first.userId()).isEqualTo("v7");
        assertThat(third.sessionId()).isSameAs(first.sessionId());
        assertThat(third.section()).isSameAs(first.section()).isEqualTo("hero");
        // the parser's own constants: the literals here are the same interned strings
        assertThat(first.event()).isSameAs("section_dwell");
        assertThat(first.device()).isSameAs("mobile");
    }

    @Test
    void aBatchEventIsStoredAsTheTextReceivedWhenNothingOfItIsDropped() throws Exception {
        String kept = "{ \"event\": \"section_dwell\", \"user_id\": \"v1\", \"section\": \"hero\", \"time_spent\": 1.50, \"note\": \"\\u0041\" }";
        String dropped = "{\"event\":\"page_view\",\"user_id\":\"v1\",\"nested\":{\"a\":1},\"note\":\"kept\"}";
        String body = "{\"events\":[" + kept + ",\n" + dropped + "]}";

        EventParser.Parsed parsed = parser.parse(body, null);

        assertThat(parsed.accepted()).extracting(TrackEvent::payload).containsExactly(kept,
                "{\"event\":\"page_view\",\"user_id\":\"v1\",\"note\":\"kept\"}");
        assertThat(parsed.accepted().get(0).timeSpent()).isEqualTo(1.5);
        // the same events in a body of another shape (read as one tree) are the same events, written out again
        EventParser.Parsed asTree = parser.parse("{\"source\":\"x\"," + body.substring(1), null);
        assertThat(asTree.accepted()).extracting(TrackEvent::payload).containsExactly(
                "{\"event\":\"section_dwell\",\"user_id\":\"v1\",\"section\":\"hero\",\"time_spent\":1.5,\"note\":\"A\"}",
                "{\"event\":\"page_view\",\"user_id\":\"v1\",\"note\":\"kept\"}");
        assertThat(asTree.accepted()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("payload", "eventId")
                .containsExactlyElementsOf(parsed.accepted());
    }

    @Test
    void aLongReceivedTextIsWrittenOutAgainAndBrokenBatchesAreStillNamed() throws Exception {
        String padded = "{\"event\":\"page_view\",\"user_id\":\"v1\"" + " ".repeat(EventParser.MAX_RECEIVED_PAYLOAD_CHARS) + "}";
        assertThat(parser.parse("{\"events\":[" + padded + "]}", null).accepted().get(0).payload())
                .isEqualTo("{\"event\":\"page_view\",\"user_id\":\"v1\"}");
        assertThatThrownBy(() -> parser.parse("{\"events\":[{\"event\":\"page_view\"}", null))
                .hasMessageStartingWith("body is not valid JSON");
        assertThatThrownBy(() -> parser.parse("{\"events\":[{\"event\":\"page_view\",\"user_id\":\"a\"}]} trailing", null))
                .hasMessageStartingWith("body is not valid JSON");
        assertThat(parser.parse("{\"events\":[1, {\"event\":\"page_view\",\"user_id\":\"a\"}]}", null).rejected())
                .extracting(InvalidEvent::reason).containsExactly("each event must be a JSON object");
    }
}
