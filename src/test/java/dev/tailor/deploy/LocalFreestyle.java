package dev.tailor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;

/**
 * A local server speaking Freestyle's documented shapes, and serving what was deployed: deployments
 * ({@code POST /web/v1/deployment}, their files kept), domain mappings ({@code POST} and {@code DELETE
 * /domains/v1/mappings/{domain}}), and each mapped domain's site at {@code /sites/<domain>/…} (use
 * {@link #siteUrl()} as {@code TAILOR_FREESTYLE_SITE_URL}), served as the deployed {@code main.ts} would
 * serve it, or broken in one of the ways a real deployment breaks ({@link #serveSites}).
 */
public final class LocalFreestyle implements AutoCloseable {

    /** How the deployed sites answer. */
    public enum Sites {
        /** as main.ts serves the files: the page, its bundles as JavaScript */
        AS_DEPLOYED,
        /** every request answers 500, as a deployment whose server crashed */
        SERVER_ERROR,
        /** 200 with an HTML page that is not the site's, as an error page or a parked domain */
        GARBAGE,
        /** the page, but its bundles are missing (404) */
        NO_BUNDLE,
        /** every request answers 404, as a domain Freestyle does not serve (yet) */
        NOT_FOUND,
        /** no request is ever answered, as a deployment that hangs */
        HANGS
    }

    private final MockWebServer server = new MockWebServer();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Map<String, byte[]>> deployments = new ConcurrentHashMap<>();
    private final Map<String, String> mappings = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile Sites sites = Sites.AS_DEPLOYED;

    public LocalFreestyle() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    /** The API's base URL ({@code TAILOR_FREESTYLE_BASE_URL}). */
    public String baseUrl() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    /** Where the deployed sites are reached ({@code TAILOR_FREESTYLE_SITE_URL}). */
    public String siteUrl() {
        return baseUrl() + "/sites/{domain}/";
    }

    public void serveSites(Sites how) {
        sites = how;
    }

    /** Every API call, as {@code METHOD /path} (the sites' requests are not API calls and are not listed). */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** The files of a deployment, by path, as uploaded. */
    public Map<String, byte[]> files(String deploymentId) {
        return deployments.getOrDefault(deploymentId, Map.of());
    }

    /** Which deployment each mapped domain points at now. */
    public Map<String, String> mappings() {
        return Map.copyOf(mappings);
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getPath();
        String method = request.getMethod();
        if (path.startsWith("/sites/")) {
            return site(path.substring("/sites/".length()));
        }
        calls.add(method + " " + path);
        try {
            if (method.equals("POST") && path.equals("/web/v1/deployment")) {
                return deploy(json.readTree(request.getBody().readUtf8()));
            }
            if (path.startsWith("/domains/v1/mappings/")) {
                String domain = path.substring("/domains/v1/mappings/".length());
                if (method.equals("DELETE")) {
                    return mappings.remove(domain) == null ? json(404, "{\"message\":\"no mapping for " + domain + "\"}")
                            : json(200, "{}");
                }
                String deploymentId = json.readTree(request.getBody().readUtf8()).path("deploymentId").asText();
                if (!deployments.containsKey(deploymentId)) {
                    return json(400, "{\"message\":\"no deployment " + deploymentId + "\"}");
                }
                mappings.put(domain, deploymentId);
                return json(200, "{\"id\":\"map-" + deploymentId + "\",\"domain\":\"" + domain + "\",\"deploymentId\":\""
                        + deploymentId + "\"}");
            }
        } catch (IOException e) {
            return json(400, "{\"message\":\"body is not JSON: " + e.getMessage().replace('"', '\'') + "\"}");
        }
        return json(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no route\"}}");
    }

    private MockResponse deploy(JsonNode body) {
        Map<String, byte[]> files = new HashMap<>();
        body.at("/source/files").fields().forEachRemaining(f -> files.put(f.getKey(),
                Base64.getDecoder().decode(f.getValue().path("content").asText())));
        String id = "dep-" + (deployments.size() + 1);
        deployments.put(id, Map.copyOf(files));
        return json(200, "{\"deploymentId\":\"" + id + "\",\"domains\":[],\"entrypoint\":\"" + body.at("/config/entrypoint").asText() + "\"}");
    }

    /** A site's file, as main.ts serves it: client-side routes get index.html. */
    private MockResponse site(String domainAndPath) {
        int slash = domainAndPath.indexOf('/');
        String domain = slash < 0 ? domainAndPath : domainAndPath.substring(0, slash);
        String path = slash < 0 ? "" : domainAndPath.substring(slash + 1);
        String deploymentId = mappings.get(domain);
        if (deploymentId == null) {
            return new MockResponse().setResponseCode(404).setBody("no deployment is mapped to " + domain);
        }
        switch (sites) {
            case SERVER_ERROR -> {
                return new MockResponse().setResponseCode(500).setBody("Internal Server Error: main.ts crashed");
            }
            case NOT_FOUND -> {
                return new MockResponse().setResponseCode(404).setHeader("Content-Type", "text/plain")
                        .setBody("Deployment not found for " + domain);
            }
            case HANGS -> {
                return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
            }
            case GARBAGE -> {
                return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8")
                        .setBody("<html><body>This domain is parked</body></html>");
            }
            default -> { }
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        String file = path.isEmpty() || !last.contains(".") ? "index.html" : path;
        byte[] content = deployments.get(deploymentId).get(file);
        if (content == null || (sites == Sites.NO_BUNDLE && file.endsWith(".js"))) {
            return new MockResponse().setResponseCode(404).setBody("not found");
        }
        String type = file.endsWith(".html") ? "text/html; charset=utf-8" : file.endsWith(".js") ? "text/javascript; charset=utf-8"
                : file.endsWith(".css") ? "text/css; charset=utf-8" : "application/octet-stream";
        return new MockResponse().setHeader("Content-Type", type).setBody(new Buffer().write(content));
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
