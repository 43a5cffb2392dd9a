package dev.tailor.track;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real Tailor on a free port, and plain HTTP and JDBC to check what it did from the outside. */
public final class RunningTailor {

    /** An HTTP answer with its body parsed as JSON (null when empty). */
    public record Reply(int status, JsonNode json, HttpResponse<String> raw) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RunningTailor() {
    }

    /** Settings for tests: a data dir, any free port, and no optimizations unless a test asks for them. */
    public static Map<String, String> settings(Path dir, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("TAILOR_DATA_DIR", dir.toString());
        env.put("TAILOR_PORT", "0");
        env.put("TAILOR_HOST", "127.0.0.1");
        env.put("TAILOR_OPTIMIZATIONS_PER_HOUR", "0");
        env.putAll(overrides);
        return env;
    }

    public static TailorApp start(Path dir, Map<String, String> overrides, Clock clock) throws Exception {
        return TailorApp.start(TailorConfig.from(settings(dir, overrides)), clock);
    }

    public static Reply post(TailorApp app, String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    public static Reply get(TailorApp app, String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    public static Reply delete(TailorApp app, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).DELETE().build());
    }

    private static Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (contentType.contains("json") && !response.body().isEmpty()) {
            json = JSON.readTree(response.body());
        }
        return new Reply(response.statusCode(), json, response);
    }

    /** A count from the SQLite file, read through a separate JDBC connection (what is on disk). */
    public static long countOnDisk(TailorApp app, String sqlCount) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + app.components().config().databaseFile());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sqlCount)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** One text value from the SQLite file through a separate connection, or null. */
    public static String textOnDisk(TailorApp app, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + app.components().config().databaseFile());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** One batch in which each of the visitors reads the analytics dashboard: enough to make them data-focused. */
    public static String analyticsEvents(List<String> users) {
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int i = 0; i < users.size(); i++) {
            String u = users.get(i);
            batch.append(i == 0 ? "" : ",")
                    .append("{\"event\":\"page_view\",\"section\":\"analytics_dashboard\",\"time_spent\":170,\"user_id\":\"").append(u).append("\"},")
                    .append("{\"event\":\"section_dwell\",\"section\":\"quick_metrics\",\"time_spent\":30,\"user_id\":\"").append(u).append("\"},")
                    .append("{\"event\":\"section_dwell\",\"section\":\"hero\",\"time_spent\":12,\"user_id\":\"").append(u).append("\"}");
        }
        return batch.append("]}").toString();
    }
}
