package dev.tailor.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.build.Artifact;
import dev.tailor.variant.LiveVariant;
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
import java.util.Base64;

/**
 * Deploys an artifact to Freestyle as a new immutable web deployment, then points the audience's stable
 * domain {@code <audience>-personalized.<domainSuffix>} at it with a domain mapping, so the site is served
 * at {@code https://<domain>/}.
 *
 * <p>The deployment itself asks for no domain: Tailor redeploys the same audience whenever the original
 * site changes, and the domain is then already held by the earlier deployment. Mapping is how Freestyle
 * moves a domain ({@code POST /domains/v1/mappings/{domain}} replaces whatever the domain pointed at),
 * so the first deploy of an audience and every later one take the same two steps. Earlier deployments
 * stay in Freestyle (they are immutable) but no longer receive the audience's traffic.
 *
 * <p>Before the variant goes live its domain is checked from the outside ({@link DeploymentProbe}): the page
 * answers 200 with HTML that loads the variant's bundle, and the bundle answers 200 as JavaScript. A deployment
 * that does not is never routed to: the deploy fails, naming what the check saw, and the domain is unmapped.
 */
public final class FreestyleDeployer implements Deployer {

    public static final String PROVIDER = "freestyle";

    private static final int SNIPPET_CHARS = 300;

    private final FreestyleConfig config;
    private final HttpClient http;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final DeploymentProbe probe;

    public FreestyleDeployer(FreestyleConfig config) {
        this(config, HttpClient.newBuilder().connectTimeout(config.timeout()).build(), Clock.systemUTC());
    }

    public FreestyleDeployer(FreestyleConfig config, HttpClient http, Clock clock) {
        this.config = config;
        this.http = http;
        this.clock = clock;
        this.probe = new DeploymentProbe(http, config.siteCheck());
    }

    @Override
    public Deployment deploy(Artifact artifact, String audience) throws DeployException {
        AudienceLabel label = AudienceLabel.forDeployment(audience);
        String domain = config.domainOf(label);
        String deploymentId = createDeployment(artifact, domain);
        try {
            pointDomainAt(domain, deploymentId);
        } catch (DeployException e) {
            String unknown = e.getCause() instanceof HttpTimeoutException ? " (Freestyle may still apply the mapping)" : "";
            throw new DeployException("Freestyle deployment " + deploymentId + " of artifact " + artifact.id()
                    + " exists, but " + domain + " could not be pointed at it" + unknown + ": " + e.getMessage(), e.getCause());
        }
        try {
            probe.check(artifact, domain, deploymentId);
        } catch (DeployException e) {
            String unmapped;
            try {
                unmap(domain, "unmapping " + domain + " from deployment " + deploymentId + ", which failed its check");
                unmapped = domain + " was unmapped";
            } catch (DeployException unmapping) {
                unmapped = "unmapping " + domain + " failed too (" + unmapping.getMessage() + ")";
            }
            throw new DeployException("Freestyle deployment " + deploymentId + " of artifact " + artifact.id() + " is not"
                    + " served as it must be, so it does not go live and " + unmapped + ": " + e.getMessage(), e);
        }
        return new Deployment(deploymentId, label.value(), artifact.id(), PROVIDER, "https://" + domain + "/", clock.instant());
    }

    /** Unmaps the variant's domain ({@code DELETE /domains/v1/mappings/{domain}}): it no longer serves the variant. */
    @Override
    public void withdraw(LiveVariant variant) throws DeployException {
        String domain = domainOf(variant);
        unmap(domain, "unmapping " + domain + " from rolled-back variant " + variant.planName());
    }

    /** {@code DELETE /domains/v1/mappings/{domain}}; a domain already unmapped is fine. */
    private void unmap(String domain, String what) throws DeployException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.baseUrl() + "/domains/v1/mappings/" + domain))
                .timeout(config.timeout())
                .header("Authorization", "Bearer " + config.apiKey())
                .header("Accept", "application/json")
                .DELETE()
                .build();
        HttpResponse<String> response = sendWithRetries(request, what);
        if (response.statusCode() == 404) {
            return; // already unmapped: what a rollback (or a failed check) wants
        }
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            parseReply(response, what); // throws, with Freestyle's message
        }
    }

    /** Maps the variant's domain at its deployment again. */
    @Override
    public void restore(LiveVariant variant) throws DeployException {
        pointDomainAt(domainOf(variant), variant.deploymentId());
    }

    /** The domain a deployment of this deployer serves, from the variant's URL ({@code https://<domain>/}). */
    private static String domainOf(LiveVariant variant) throws DeployException {
        URI url = URI.create(variant.url());
        String host = url.getHost();
        if (host == null || !host.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            throw new DeployException("variant " + variant.planName() + " has no Freestyle domain in its URL " + variant.url());
        }
        return host;
    }

    /** Uploads the files as a new deployment, without domains, and returns its id. */
    private String createDeployment(Artifact artifact, String domain) throws DeployException {
        byte[] body = requestBody(artifact);
        HttpRequest request = post(config.baseUrl() + "/web/v1/deployment", body);
        String what = "Freestyle deployment of artifact " + artifact.id() + " for " + domain;
        HttpResponse<String> response = sendWithRetries(request, what);
        JsonNode reply = parseReply(response, what);
        String deploymentId = reply.path("deploymentId").isTextual() ? reply.path("deploymentId").asText().trim() : "";
        if (deploymentId.isEmpty()) {
            throw new DeployException(what + " failed: Freestyle replied HTTP " + response.statusCode()
                    + " without a deploymentId: " + snippet(response.body()));
        }
        return deploymentId;
    }

    /**
     * Maps {@code domain} to the deployment, replacing any earlier mapping. The reply is documented as the
     * mapping ({@code {id, domain, deploymentId, ...}}); a reply naming another deployment is a failure.
     */
    private void pointDomainAt(String domain, String deploymentId) throws DeployException {
        ObjectNode mapping = json.createObjectNode();
        mapping.put("deploymentId", deploymentId);
        byte[] body;
        try {
            body = json.writeValueAsBytes(mapping);
        } catch (JsonProcessingException e) {
            throw new DeployException("cannot encode the Freestyle domain mapping: " + e.getMessage(), e);
        }
        // the domain is an AudienceLabel plus the validated suffix: only a-z, 0-9, '-' and '.', safe in a path
        HttpRequest request = post(config.baseUrl() + "/domains/v1/mappings/" + domain, body);
        String what = "the domain mapping";
        HttpResponse<String> response = sendWithRetries(request, what);
        JsonNode reply = parseReply(response, what);
        JsonNode mapped = reply.path("deploymentId");
        if (mapped.isTextual() && !mapped.asText().trim().equals(deploymentId)) {
            throw new DeployException(what + " failed: Freestyle replied that it points at deployment '"
                    + snippet(mapped.asText()) + "' instead");
        }
    }

    private HttpRequest post(String url, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(config.timeout())
                .header("Authorization", "Bearer " + config.apiKey())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /**
     * {@code index.html} at the root, every file under {@code artifacts/<id>/} as index.html links them, the
     * site's {@code public/} files at the root too, plus main.ts.
     */
    private byte[] requestBody(Artifact artifact) throws DeployException {
        ObjectNode root = json.createObjectNode();
        ObjectNode source = root.putObject("source");
        source.put("kind", "files");
        ObjectNode files = source.putObject("files");
        try {
            addFile(files, "index.html", Files.readAllBytes(artifact.indexHtml()));
            for (String file : artifact.files()) {
                byte[] content = Files.readAllBytes(artifact.dir().resolve(file));
                addFile(files, "artifacts/" + artifact.id() + "/" + file, content);
                if (file.startsWith(Artifact.PUBLIC_DIR + "/")) { // the site's public/ files, at the paths its page uses
                    addFile(files, file.substring(Artifact.PUBLIC_DIR.length() + 1), content);
                }
            }
        } catch (IOException e) {
            throw new DeployException("cannot deploy artifact " + artifact.id() + " to Freestyle: reading " + artifact.dir() + " failed: " + e, e);
        }
        addFile(files, DenoStaticServer.FILE_NAME, DenoStaticServer.source(artifact.id(), config.tailorOrigin()).getBytes(StandardCharsets.UTF_8));
        ObjectNode deploymentConfig = root.putObject("config");
        deploymentConfig.put("entrypoint", DenoStaticServer.FILE_NAME);
        // no "domains": the audience's domain is mapped afterwards, see pointDomainAt
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
                // The request may have been accepted. For the deployment, repeating it could create a second
                // one. For the mapping a repeat would be harmless (same domain, same id), but an attempt that
                // already waited the whole timeout is not repeated either: the caller learns within one
                // timeout, and since the deployment exists, deploying the audience again maps it afresh.
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

    /**
     * Freestyle's {@code {message}}, or its {@code {error: {code, message, …}}} as {@code code: message}
     * (or {@code {error: "…"}}), when the body has one; else the start of the raw body.
     */
    private String messageOf(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.path("message").isTextual()) {
                return node.path("message").asText();
            }
            JsonNode error = node == null ? null : node.get("error");
            if (error != null && error.isTextual()) {
                return error.asText();
            }
            if (error != null && error.isObject()) {
                String code = error.path("code").isValueNode() ? error.path("code").asText() : error.path("type").asText("");
                String message = error.path("message").isTextual() ? error.path("message").asText() : snippet(error.toString());
                return code.isBlank() ? message : code + ": " + message;
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
