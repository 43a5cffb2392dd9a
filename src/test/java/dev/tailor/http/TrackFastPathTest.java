package dev.tailor.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.track.RunningTailor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/track} answered by {@link TrackFastPath} and by Javalin's route ({@code TAILOR_TRACK_FAST_PATH=off})
 * byte for byte the same: status line, every header (but {@code Date}) and body, over raw sockets, for each answer
 * the route documents and for the requests the fast path leaves to the route (CORS preflight, chunked, forms).
 */
class TrackFastPathTest {

    @TempDir
    static Path fastDir;
    @TempDir
    static Path routeDir;
    static TailorApp fast;
    static TailorApp route;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = Map.of(
                "TAILOR_BODY_READ_TIMEOUT", "2s",
                "TAILOR_MIN_REQUEST_DATA_RATE", "100",
                "TAILOR_RATE_LIMIT_VISITOR", "0.01", "TAILOR_RATE_LIMIT_VISITOR_BURST", "3");
        fast = RunningTailor.start(fastDir, settings, Clock.systemUTC());
        Map<String, String> off = new HashMap<>(settings);
        off.put("TAILOR_TRACK_FAST_PATH", "off");
        route = RunningTailor.start(routeDir, off, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        for (TailorApp app : new TailorApp[] {fast, route}) {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    void theUsualAnswersAreTheRoutesAndComeFromTheFastPath() throws Exception {
        String event = "{\"event\":\"page_view\",\"page\":\"analytics_dashboard\",\"time_spent\":180,\"user_id\":\"ada\",\"event_id\":\"ada-1\"}";
        String accepted = same(post("/api/track", "application/json", event));
        assertThat(accepted).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: application/json\r\n")
                .endsWith("\r\n\r\n{\"accepted\":1,\"duplicates\":0,\"duplicate_ids\":[],\"rejected\":[]}");
        assertThat(same(post("/api/track", "application/json", event))).contains("\"duplicate_ids\":[\"ada-1\"]");
        // the tracker's sendBeacon posts text/plain, under the prefix in proxy mode
        assertThat(same(post("/_tailor/api/track", "text/plain;charset=UTF-8", "{\"event\":\"page_view\",\"user_id\":\"bo\"}")))
                .startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(same(post("/api/track", "application/json; charset=utf-8", "{\"event\":\"page_view\",\"user_id\":\"cy\"}",
                "Cookie: tailor_vid=forged.signature", "User-Agent: curl/8.5", "Origin: https://shop.example",
                "X-Tailor-Key: not-the-key")))
                .startsWith("HTTP/1.1 200 OK\r\n").doesNotContainIgnoringCase("Access-Control-");
        assertThat(TrackFastPath.answersLikeTheRoute(fields("application/json", 10))).isTrue();
        assertThat(TrackFastPath.answersLikeTheRoute(fields("text/plain;charset=UTF-8", 10))).isTrue();
        assertThat(TrackFastPath.answersLikeTheRoute(fields(null, 0))).isTrue();
    }

    @Test
    void refusalsAreTheRoutes() throws Exception {
        assertThat(same(post("/api/track", "text/plain", "{\"event\":\"page_view\",\"user_id\":\"dee\"}", "Sec-GPC: 1")))
                .isEqualTo("HTTP/1.1 204 No Content\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n");
        assertThat(same(post("/api/track", "application/json", "{\"event\":\"page_view\",\"user_id\":\"dee\"}", "DNT: 1")))
                .startsWith("HTTP/1.1 204 No Content\r\n");
        assertThat(same(post("/api/track", "application/json", "{\"event\":\"page_view\",\"user_id\":\"eve\",\"scroll_depth\":250}")))
                .startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\"field\":\"scroll_depth\"");
        assertThat(same(post("/api/track", "application/json", "not json"))).contains("\"field\":\"body\"");
        assertThat(same(post("/api/track", "application/json", ""))).contains("\"field\":\"body\"");
        assertThat(same(raw("POST /api/track HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n"
                + "Connection: close\r\n\r\n{}")))
                .startsWith("HTTP/1.1 413 Payload Too Large\r\n").contains("at most 1048576 bytes");
        // the visitor's burst is 3 events, spent by the first batch: the second waits
        String flood = IntStream.range(0, 5).mapToObj(i -> "{\"event\":\"click\",\"user_id\":\"flood\",\"event_id\":\"first-" + i + "\"}")
                .collect(Collectors.joining(",", "{\"events\":[", "]}"));
        assertThat(same(post("/api/track", "application/json", flood))).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(same(post("/api/track", "application/json", flood.replace("first-", "second-"))))
                .startsWith("HTTP/1.1 429 Too Many Requests\r\n").contains("Retry-After: ").contains("\"field\":\"user_id\"");
    }

    @Test
    void batchAnswersAreTheRoutesCompressedAsJavalinCompresses() throws Exception {
        assertThat(same(post("/api/track", "application/json", "{\"events\":[{\"event\":\"goal\",\"goal\":\"signup\",\"user_id\":\"fay\"},"
                + "{\"event\":\"wave\",\"user_id\":\"fay\"}]}")))
                .startsWith("HTTP/1.1 200 OK\r\n").contains("\"rejected\":[{\"index\":1,\"field\":\"event\",\"error\":");
        String rejectedOnly = IntStream.range(0, 30).mapToObj(i -> "{\"event\":\"wave\",\"user_id\":\"gus\"}")
                .collect(Collectors.joining(",", "{\"events\":[", "]}"));
        // a reply of 1,500 bytes or more: gzip for a client that lists gzip, as is, and not for one that weighs it
        assertThat(same(post("/api/track", "application/json", rejectedOnly, "Accept-Encoding: gzip, deflate, br")))
                .startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Content-Encoding: gzip\r\n");
        assertThat(same(post("/api/track", "application/json", rejectedOnly, "Accept-Encoding: deflate, gzip;q=0.5")))
                .doesNotContain("Content-Encoding");
        assertThat(same(post("/api/track", "application/json", rejectedOnly))).doesNotContain("Content-Encoding");
    }

    @Test
    void whatTheFastPathLeavesToTheRouteIsAnsweredByIt() throws Exception {
        // no CORS on /api/track: a preflight is Javalin's 404, and no Access-Control-* header is sent anywhere
        assertThat(same(raw("OPTIONS /api/track HTTP/1.1\r\nHost: t\r\nOrigin: https://shop.example\r\n"
                + "Access-Control-Request-Method: POST\r\nConnection: close\r\n\r\n")))
                .startsWith("HTTP/1.1 404 Not Found\r\n").doesNotContainIgnoringCase("Access-Control-");
        String chunk = "{\"event\":\"page_view\",\"user_id\":\"hal\"}";
        assertThat(same(raw("POST /api/track HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n" + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n")))
                .startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(same(post("/api/track", "application/x-www-form-urlencoded", "{\"event\":\"page_view\",\"user_id\":\"ivy\"}")))
                .startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(same(raw("GET /api/track HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"))).startsWith("HTTP/1.1 404");
        assertThat(TrackFastPath.answersLikeTheRoute(fields("application/x-www-form-urlencoded", 10))).isFalse();
        assertThat(TrackFastPath.answersLikeTheRoute(HttpFields.build().add(HttpHeader.CONTENT_TYPE, "application/json")
                .add(HttpHeader.TRANSFER_ENCODING, "chunked"))).isFalse();
        assertThat(TrackFastPath.answersLikeTheRoute(fields("application/json", 10).add(HttpHeader.EXPECT, "100-continue"))).isFalse();
    }

    @Test
    void slowBodiesAreThe408OfTheRoute() throws Exception {
        String head = "POST /api/track HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
        // stops half-way: the 2 s deadline
        String stopped = same(app -> exchange(app, head + "{\"event\":", 0, null));
        assertThat(stopped).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("Connection: close\r\n")
                .contains("\"field\":\"body\"").contains("TAILOR_BODY_READ_TIMEOUT");
        // trickles: 10 bytes, then one more after 1.2 s, under 100 B/s
        assertThat(same(app -> exchange(app, head + "{\"event\":\"", 1_200, "p")))
                .startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("TAILOR_MIN_REQUEST_DATA_RATE");
    }

    @Test
    void answersGzipOnlyToAListedGzip() {
        assertThat(TrackFastPath.acceptsGzip("gzip")).isTrue();
        assertThat(TrackFastPath.acceptsGzip("br, GZIP ")).isTrue();
        assertThat(TrackFastPath.acceptsGzip("gzip;q=1")).isFalse();
        assertThat(TrackFastPath.acceptsGzip("x-gzip, *")).isFalse();
        assertThat(TrackFastPath.acceptsGzip(null)).isFalse();
    }

    /** One exchange with a Tailor: the whole answer but its {@code Date} header. */
    @FunctionalInterface
    interface Exchange {
        String with(TailorApp app) throws IOException, InterruptedException;
    }

    /** The answer, once it is known to be the same from the fast path and from the route. */
    private static String same(Exchange exchange) throws IOException, InterruptedException {
        String fromFastPath = exchange.with(fast);
        String fromRoute = exchange.with(route);
        assertThat(fromFastPath).as("the fast path's answer next to the route's").isEqualTo(fromRoute);
        return fromFastPath;
    }

    private static Exchange post(String path, String contentType, String body, String... headers) {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n");
        if (contentType != null) {
            request.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(body);
        return raw(request.toString());
    }

    private static Exchange raw(String request) {
        return app -> exchange(app, request, 0, null);
    }

    /** Sends the request (and {@code later}, after a pause, if any) and reads the answer to its end. */
    private static String exchange(TailorApp app, String request, long pauseMillis, String later)
            throws IOException, InterruptedException {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (later != null) {
                Thread.sleep(pauseMillis);
                out.write(later.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            return withoutDate(readAnswer(socket.getInputStream()));
        }
    }

    /** Everything until the server closes, or the one answer's declared length. */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            bytes.write(buffer, 0, n);
            String sofar = bytes.toString(StandardCharsets.ISO_8859_1);
            int end = sofar.indexOf("\r\n\r\n");
            if (end >= 0) {
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\nContent-Length: (\\d+)\r\n")
                        .matcher(sofar.substring(0, end + 2));
                if (length.find() && sofar.length() >= end + 4 + Integer.parseInt(length.group(1))) {
                    break; // the whole answer, even if the connection stays open
                }
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static String withoutDate(String answer) {
        return answer.replaceFirst("(?m)^Date: [^\r\n]*\r\n", "");
    }

    private static HttpFields.Mutable fields(String contentType, long length) {
        HttpFields.Mutable fields = HttpFields.build().put(HttpHeader.CONTENT_LENGTH, length);
        if (contentType != null) {
            fields.put(HttpHeader.CONTENT_TYPE, contentType);
        }
        return fields;
    }
}
