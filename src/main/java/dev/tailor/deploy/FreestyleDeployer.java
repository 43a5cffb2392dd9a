package dev.tailor.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.build.Artifact;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Deploys an artifact to Freestyle as an immutable web deployment serving
 * {@code https://<audience>-personalized.<domainSuffix>/}.
 */
public final class FreestyleDeployer implements Deployer {

    public static final String PROVIDER = "freestyle";

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final int SNIPPET_CHARS = 300;

    private final FreestyleConfig config;
    private final HttpClient http;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public FreestyleDeployer(FreestyleConfig config) {
        this(config, HttpClient.newBuilder().connectTimeout(config.timeout()).build(), Clock.systemUTC());
    }

    public FreestyleDeployer(FreestyleConfig config, HttpClient http, Clock clock) {
        this.config = config;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public Deployment deploy(Artifact artifact, String audience) throws DeployException {
        AudienceLabel label = AudienceLabel.forDeployment(audience);
        String domain = label.hostUnder(config.domainSuffix());
        byte[] body = requestBody(artifact, domain);
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.baseUrl() + "/web/v1/deployment"))
                .timeout(config.timeout())
                .header("Authorization", "Bearer " + config.apiKey())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        String what = "Freestyle deployment of artifact " + artifact.id() + " to " + domain;
        HttpResponse<String> response = sendWithRetries(request, what);
        JsonNode reply = parseReply(response, what);
        String deploymentId = reply.path("deploymentId").isTextual() ? reply.path("deploymentId").asText().trim() : "";
        if (deploymentId.isEmpty()) {
            throw new DeployException(what + " failed: Freestyle replied HTTP " + response.statusCode()
                    + " without a deploymentId: " + snippet(response.body()));
        }
        String liveDomain = firstDomain(reply, domain, what);
        return new Deployment(deploymentId, label.value(), artifact.id(), PROVIDER, "https://" + liveDomain + "/", clock.instant());
    }

    /** {@code index.html} at the root, every file under {@code artifacts/<id>/} as index.html links them, plus main.ts. */
    private byte[] requestBody(Artifact artifact, String domain) throws DeployException {
        ObjectNode root = json.createObjectNode();
        ObjectNode source = root.putObject("source");
        source.put("kind", "files");
        ObjectNode files = source.putObject("files");
        try {
            addFile(files, "index.html", Files.readAllBytes(artifact.indexHtml()));
            for (String file : artifact.files()) {
                addFile(files, "artifacts/" + artifact.id() + "/" + file, Files.readAllBytes(artifact.dir().resolve(file)));
            }
        } catch (IOException e) {
            throw new DeployException("cannot deploy artifact " + artifact.id() + " to Freestyle: reading " + artifact.dir() + " failed: " + e, e);
        }
        addFile(files, DenoStaticServer.FILE_NAME, DenoStaticServer.source(config.tailorOrigin()).getBytes(StandardCharsets.UTF_8));
        ObjectNode deploymentConfig = root.putObject("config");
        deploymentConfig.put("entrypoint", DenoStaticServer.FILE_NAME);
        deploymentConfig.putArray("domains").add(domain);
        deploymentConfig.put("build", false);
        try {
            return json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new DeployException("cannot encode the Freestyle request for artifact " + artifact.id() + ": " + e.getMessage(), e);
        }
    }

    private static void addFile(ObjectNode files, String path, byte[] content) {
        ObjectNode file = files.putObject(path);
        file.put("content", Base64.getEncoder().encodeToString(content));
        file.put("encoding", "base64");
    }

    private HttpResponse<String> sendWithRetries(HttpRequest request, String what) throws DeployException {
        Duration backoff = config.initialBackoff();
        String lastFailure = "no attempt made";
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            if (attempt > 1) {
                sleep(backoff, what);
                backoff = backoff.multipliedBy(2);
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status != 429 && status < 500) {
                    return response;
                }
                lastFailure = "HTTP " + status + ": " + messageOf(response.body());
            } catch (HttpConnectTimeoutException | ConnectException e) {
                // nothing reached Freestyle, so trying again cannot create a second deployment
                lastFailure = "could not connect to " + config.baseUrl() + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
            } catch (HttpTimeoutException e) {
                // the request may have been accepted; not retried so one deploy never becomes two
                throw new DeployException(what + " timed out after " + describe(config.timeout()) + " waiting for " + config.baseUrl(), e);
            } catch (IOException e) {
                throw new DeployException(what + " failed talking to " + config.baseUrl() + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployException(what + " was interrupted", e);
            }
        }
        throw new DeployException(what + " failed after " + config.maxAttempts() + " attempt(s); last: " + lastFailure);
    }

    private JsonNode parseReply(HttpResponse<String> response, String what) throws DeployException {
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            String hint = status == 401 || status == 403 ? " (check FREESTYLE_API_KEY)" : "";
            throw new DeployException(what + " was rejected: HTTP " + status + hint + ": " + messageOf(response.body()));
        }
        try {
            JsonNode reply = json.readTree(response.body());
            if (reply == null || !reply.isObject()) {
                throw new DeployException(what + " failed: Freestyle replied HTTP " + status + " with a body that is not a JSON object: " + snippet(response.body()));
            }
            return reply;
        } catch (JsonProcessingException e) {
            throw new DeployException(what + " failed: Freestyle replied HTTP " + status + " with a body that is not JSON: " + snippet(response.body()), e);
        }
    }

    /** The live domain Freestyle reports; the one asked for if the reply lists none. */
    private static String firstDomain(JsonNode reply, String requested, String what) throws DeployException {
        List<String> domains = new ArrayList<>();
        reply.path("domains").forEach(domain -> domains.add(domain.asText()));
        if (domains.isEmpty()) {
            return requested;
        }
        String first = domains.get(0);
        if (!HOST_NAME.matcher(first).matches()) {
            throw new DeployException(what + " returned a domain that is not a host name: '" + snippet(first) + "'");
        }
        return first;
    }

    /** Freestyle's {@code {message}} when the body has one, else the start of the raw body. */
    private String messageOf(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.path("message").isTextual()) {
                return node.path("message").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: fall through to the raw text, which is what a person needs to see
        }
        return body == null || body.isBlank() ? "(empty body)" : snippet(body);
    }

    private static String snippet(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= SNIPPET_CHARS ? flat : flat.substring(0, SNIPPET_CHARS) + "…";
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static void sleep(Duration delay, String what) throws DeployException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException(what + " was interrupted while waiting to retry", e);
        }
    }
}
