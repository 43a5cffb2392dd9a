package dev.tailor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.build.Artifact;
import dev.tailor.variant.LiveVariant;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Talks to a local server that speaks Freestyle's documented request and reply shapes. */
class FreestyleDeployerTest {

    private static final String KEY = "fs-test-key";
    private static final String ARTIFACT_ID = "0123456789abcdef0123";
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;

    MockWebServer freestyle;
    /** The deployed sites, as browsers reach them: by default the artifact's page and bundle, as main.ts serves them. */
    MockWebServer sites;
    volatile java.util.function.Function<String, MockResponse> site = FreestyleDeployerTest::asDeployed;
    final List<String> siteRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    Artifact artifact;
    FreestyleDeployer deployer;

    /** What main.ts answers for the test artifact, under {@code /<domain>/}. */
    static MockResponse asDeployed(String path) {
        if (path.endsWith("/")) {
            return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8")
                    .setBody("<!doctype html><script src=\"/artifacts/" + ARTIFACT_ID + "/app-ABC.js\"></script>");
        }
        if (path.endsWith("/artifacts/" + ARTIFACT_ID + "/app-ABC.js")) {
            return new MockResponse().setHeader("Content-Type", "text/javascript; charset=utf-8").setBody("console.log('hi')");
        }
        return new MockResponse().setResponseCode(404).setBody("not found");
    }

    @BeforeEach
    void start() throws IOException {
        freestyle = new MockWebServer();
        freestyle.start(InetAddress.getLoopbackAddress(), 0);
        sites = new MockWebServer();
        sites.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                siteRequests.add(request.getPath());
                return site.apply(request.getPath());
            }
        });
        sites.start(InetAddress.getLoopbackAddress(), 0);
        Path artifactDir = dir.resolve(ARTIFACT_ID);
        Files.createDirectories(artifactDir.resolve("assets"));
        Files.writeString(artifactDir.resolve("index.html"), "<!doctype html><script src=\"/artifacts/" + ARTIFACT_ID + "/app-ABC.js\"></script>");
        Files.writeString(artifactDir.resolve("app-ABC.js"), "console.log('hi')");
        Files.write(artifactDir.resolve("assets/logo-XYZ.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff});
        Files.createDirectories(artifactDir.resolve("public"));
        Files.writeString(artifactDir.resolve("public/robots.txt"), "User-agent: *");
        artifact = new Artifact(ARTIFACT_ID, artifactDir, List.of("app-ABC.js", "assets/logo-XYZ.png", "index.html",
                "public/robots.txt"), 42);
        deployer = deployerWith(config());
    }

    @AfterEach
    void stop() throws IOException {
        freestyle.shutdown();
        sites.shutdown();
    }

    private FreestyleConfig config() {
        return FreestyleConfig.withKey(KEY)
                .withBaseUrl(URI.create("http://" + freestyle.getHostName() + ":" + freestyle.getPort()))
                .withTimeout(Duration.ofSeconds(5))
                .withRetries(3, Duration.ofMillis(10))
                .withSiteCheck(new FreestyleConfig.SiteCheck("http://" + sites.getHostName() + ":" + sites.getPort() + "/{domain}/",
                        3, Duration.ofMillis(10), Duration.ofSeconds(2)));
    }

    private static FreestyleDeployer deployerWith(FreestyleConfig config) {
        return new FreestyleDeployer(config, java.net.http.HttpClient.newBuilder().connectTimeout(config.timeout()).build(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    /** Freestyle's documented reply to {@code POST /domains/v1/mappings/{domain}}. */
    private static MockResponse mapped(String domain, String deploymentId) {
        return json(200, "{\"id\":\"map-" + deploymentId + "\",\"domain\":\"" + domain + "\",\"deploymentId\":\"" + deploymentId
                + "\",\"ownershipId\":\"own-1\",\"createdAt\":\"2026-11-27T10:00:00Z\"}");
    }

    private RecordedRequest next() throws InterruptedException {
        RecordedRequest request = freestyle.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request).as("a request reached Freestyle").isNotNull();
        return request;
    }

    @Test
    void deploysEveryFileWithAStaticServerThenPointsTheAudiencesDomainAtIt() throws Exception {
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-123\",\"domains\":[],\"entrypoint\":\"main.ts\"}"));
        freestyle.enqueue(mapped("alyssa-personalized.style.dev", "dep-123"));

        Deployment deployment = deployer.deploy(artifact, "alyssa");

        assertThat(deployment).isEqualTo(new Deployment("dep-123", "alyssa", ARTIFACT_ID, "freestyle",
                "https://alyssa-personalized.style.dev/", NOW));
        RecordedRequest request = next();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/web/v1/deployment");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");

        JsonNode body = new ObjectMapper().readTree(request.getBody().readUtf8());
        assertThat(body.at("/source/kind").asText()).isEqualTo("files");
        JsonNode files = body.at("/source/files");
        assertThat(files.fieldNames()).toIterable().containsExactlyInAnyOrder(
                "index.html", "main.ts",
                "artifacts/" + ARTIFACT_ID + "/index.html",
                "artifacts/" + ARTIFACT_ID + "/app-ABC.js",
                "artifacts/" + ARTIFACT_ID + "/assets/logo-XYZ.png",
                "artifacts/" + ARTIFACT_ID + "/public/robots.txt", "robots.txt");
        assertThat(decoded(files, "robots.txt")).as("the site's public/ files at the paths its page uses").isEqualTo("User-agent: *");
        files.forEach(file -> assertThat(file.path("encoding").asText()).isEqualTo("base64"));
        assertThat(decoded(files, "index.html")).contains("/artifacts/" + ARTIFACT_ID + "/app-ABC.js");
        assertThat(Base64.getDecoder().decode(files.at("/artifacts~1" + ARTIFACT_ID + "~1assets~1logo-XYZ.png/content").asText()))
                .containsExactly(0x89, 'P', 'N', 'G', 0, 0xff);
        assertThat(decoded(files, "main.ts")).contains("Deno.serve").contains("index.html").contains("text/javascript");
        assertThat(body.at("/config/entrypoint").asText()).isEqualTo("main.ts");
        assertThat(body.at("/config").has("domains")).as("the domain is mapped separately, never claimed by the deployment").isFalse();
        assertThat(body.at("/config/build").asBoolean(true)).isFalse();

        RecordedRequest mapping = next();
        assertThat(mapping.getMethod()).isEqualTo("POST");
        assertThat(mapping.getPath()).isEqualTo("/domains/v1/mappings/alyssa-personalized.style.dev");
        assertThat(mapping.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(mapping.getHeader("Content-Type")).startsWith("application/json");
        assertThat(new ObjectMapper().readTree(mapping.getBody().readUtf8()).toString()).isEqualTo("{\"deploymentId\":\"dep-123\"}");
        assertThat(freestyle.getRequestCount()).isEqualTo(2);
    }

    @Test
    void theDeploymentIsCheckedAsABrowserLoadsItBeforeItGoesLive() throws Exception {
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-123\"}"));
        freestyle.enqueue(mapped("alyssa-personalized.style.dev", "dep-123"));

        deployer.deploy(artifact, "alyssa");

        assertThat(siteRequests).containsExactly("/alyssa-personalized.style.dev/",
                "/alyssa-personalized.style.dev/artifacts/" + ARTIFACT_ID + "/app-ABC.js");
    }

    @Test
    void aDeploymentThatNeedsAMomentIsCheckedAgain() throws Exception {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        site = path -> asked.incrementAndGet() <= 1 ? new MockResponse().setResponseCode(404).setBody("no such deployment yet")
                : asDeployed(path);
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-123\"}"));
        freestyle.enqueue(mapped("alyssa-personalized.style.dev", "dep-123"));

        assertThat(deployer.deploy(artifact, "alyssa").id()).isEqualTo("dep-123");
        assertThat(freestyle.getRequestCount()).as("nothing unmapped").isEqualTo(2);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "server error      | answered HTTP 500: Internal Server Error",
        "garbage           | does not load the variant's bundle /artifacts/0123456789abcdef0123/app-ABC.js: <html>parked</html>",
        "no bundle         | the bundle http://HOST/alyssa-personalized.style.dev/artifacts/0123456789abcdef0123/app-ABC.js answered HTTP 404",
        "bundle not js     | answered Content-Type 'text/html; charset=utf-8', not JavaScript",
        "page not html     | answered Content-Type 'application/json', not text/html",
    })
    void aDeploymentThatDoesNotServeTheVariantFailsAndItsDomainIsUnmapped(String broken, String seen) throws Exception {
        site = switch (broken) {
            case "server error" -> path -> new MockResponse().setResponseCode(500).setBody("Internal Server Error");
            case "garbage" -> path -> new MockResponse().setHeader("Content-Type", "text/html").setBody("<html>parked</html>");
            case "no bundle" -> path -> path.endsWith(".js") ? new MockResponse().setResponseCode(404) : asDeployed(path);
            case "bundle not js" -> path -> path.endsWith(".js") ? asDeployed(path).setHeader("Content-Type", "text/html; charset=utf-8")
                    : asDeployed(path);
            case "page not html" -> path -> new MockResponse().setHeader("Content-Type", "application/json").setBody("{}");
            default -> throw new IllegalArgumentException(broken);
        };
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-123\"}"));
        freestyle.enqueue(mapped("alyssa-personalized.style.dev", "dep-123"));
        freestyle.enqueue(json(200, "{}"));

        assertThatThrownBy(() -> deployer.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("Freestyle deployment dep-123 of artifact " + ARTIFACT_ID + " is not served as it must be,"
                        + " so it does not go live and alyssa-personalized.style.dev was unmapped")
                .hasMessageContaining("checked 3 time(s), 10 ms apart")
                .hasMessageContaining(seen.replace("HOST", sites.getHostName() + ":" + sites.getPort()));
        next();
        next();
        RecordedRequest unmapping = next();
        assertThat(unmapping.getMethod() + " " + unmapping.getPath()).isEqualTo("DELETE /domains/v1/mappings/alyssa-personalized.style.dev");
        assertThat(unmapping.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void whenUnmappingAFailedDeploymentFailsTooBothAreReported() {
        site = path -> new MockResponse().setResponseCode(500).setBody("down");
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-123\"}"));
        freestyle.enqueue(mapped("alyssa-personalized.style.dev", "dep-123"));
        freestyle.enqueue(json(403, "{\"message\":\"not your domain\"}"));

        assertThatThrownBy(() -> deployer.deploy(artifact, "alyssa"))
                .hasMessageContaining("does not go live and unmapping alyssa-personalized.style.dev failed too")
                .hasMessageContaining("not your domain")
                .hasMessageContaining("answered HTTP 500: down");
    }

    @Test
    void redeployingAnAudienceMovesItsDomainToTheNewDeployment() throws Exception {
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-old\"}"));
        freestyle.enqueue(mapped("alyssa-personalized.style.dev", "dep-old"));
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-new\"}"));
        freestyle.enqueue(mapped("alyssa-personalized.style.dev", "dep-new"));

        Deployment first = deployer.deploy(artifact, "alyssa");
        Deployment second = deployer.deploy(artifact, "alyssa");

        assertThat(first.id()).isEqualTo("dep-old");
        assertThat(second.id()).isEqualTo("dep-new");
        assertThat(second.url()).isEqualTo(first.url()).isEqualTo("https://alyssa-personalized.style.dev/");
        RecordedRequest firstDeploy = next();
        RecordedRequest firstMapping = next();
        RecordedRequest secondDeploy = next();
        RecordedRequest secondMapping = next();
        assertThat(firstDeploy.getPath()).isEqualTo(secondDeploy.getPath()).isEqualTo("/web/v1/deployment");
        assertThat(new ObjectMapper().readTree(secondDeploy.getBody().readUtf8()).at("/config").has("domains")).isFalse();
        assertThat(firstMapping.getPath()).isEqualTo(secondMapping.getPath())
                .isEqualTo("/domains/v1/mappings/alyssa-personalized.style.dev");
        assertThat(firstMapping.getBody().readUtf8()).isEqualTo("{\"deploymentId\":\"dep-old\"}");
        assertThat(secondMapping.getBody().readUtf8()).isEqualTo("{\"deploymentId\":\"dep-new\"}");
    }

    @Test
    void aRejectedMappingNamesTheDeploymentThatExistsAndFreestylesMessageAndIsNotRetried() {
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-orphan\"}"));
        freestyle.enqueue(json(400, "{\"message\":\"Domain alyssa-personalized.style.dev is not verified\"}"));
        freestyle.enqueue(mapped("alyssa-personalized.style.dev", "dep-orphan"));

        assertThatThrownBy(() -> deployer.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("deployment dep-orphan")
                .hasMessageContaining("exists, but alyssa-personalized.style.dev could not be pointed at it")
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("Domain alyssa-personalized.style.dev is not verified");
        assertThat(freestyle.getRequestCount()).as("one deployment, one mapping attempt").isEqualTo(2);
    }

    @Test
    void aMappingServerErrorIsRetriedAndThenSucceeds() throws Exception {
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-5\"}"));
        freestyle.enqueue(json(503, "{\"message\":\"maintenance\"}"));
        freestyle.enqueue(mapped("alyssa-personalized.style.dev", "dep-5"));

        Deployment deployment = deployer.deploy(artifact, "alyssa");

        assertThat(deployment.id()).isEqualTo("dep-5");
        assertThat(deployment.url()).isEqualTo("https://alyssa-personalized.style.dev/");
        assertThat(freestyle.getRequestCount()).as("the deployment is created once, the mapping sent twice").isEqualTo(3);
        next();
        assertThat(next().getPath()).isEqualTo("/domains/v1/mappings/alyssa-personalized.style.dev");
        assertThat(next().getBody().readUtf8()).isEqualTo("{\"deploymentId\":\"dep-5\"}");
    }

    @Test
    void persistentMappingErrorsGiveUpNamingTheDeployment() {
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-6\"}"));
        for (int i = 0; i < 3; i++) {
            freestyle.enqueue(json(502, "<html>Bad gateway</html>"));
        }

        assertThatThrownBy(() -> deployer.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("deployment dep-6")
                .hasMessageContaining("could not be pointed at it")
                .hasMessageContaining("after 3 attempt")
                .hasMessageContaining("HTTP 502")
                .hasMessageContaining("<html>Bad gateway</html>");
        assertThat(freestyle.getRequestCount()).isEqualTo(4);
    }

    @Test
    void aGarbageMappingReplyIsReportedWithTheDeployment() {
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-7\"}"));
        freestyle.enqueue(new MockResponse().setResponseCode(200).setBody("<html>Captive portal</html>"));

        assertThatThrownBy(() -> deployer.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("deployment dep-7")
                .hasMessageContaining("could not be pointed at it")
                .hasMessageContaining("not JSON")
                .hasMessageContaining("<html>Captive portal</html>");
    }

    @Test
    void aMappingToAnotherDeploymentIsReported() {
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-8\"}"));
        freestyle.enqueue(mapped("alyssa-personalized.style.dev", "dep-someone-else"));

        assertThatThrownBy(() -> deployer.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("deployment dep-8")
                .hasMessageContaining("points at deployment 'dep-someone-else' instead");
    }

    @Test
    void aMappingThatNeverAnswersTimesOutNamingTheDeployment() {
        FreestyleDeployer impatient = deployerWith(config().withTimeout(Duration.ofMillis(300)));
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-9\"}"));
        freestyle.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));

        assertThatThrownBy(() -> impatient.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("deployment dep-9")
                .hasMessageContaining("could not be pointed at it (Freestyle may still apply the mapping)")
                .hasMessageContaining("timed out after 300 ms");
        assertThat(freestyle.getRequestCount()).as("a timed-out mapping is not repeated").isEqualTo(2);
    }

    @Test
    void anErrorObjectBodyIsReportedAsItsCodeAndMessage() {
        freestyle.enqueue(json(403, "{\"error\":{\"code\":\"DOMAIN_OWNERSHIP\",\"message\":\"alyssa-personalized.style.dev"
                + " belongs to another account\"}}"));

        assertThatThrownBy(() -> deployer.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("HTTP 403 (check FREESTYLE_API_KEY): DOMAIN_OWNERSHIP: alyssa-personalized.style.dev belongs"
                        + " to another account")
                .hasMessageNotContaining("{");
    }

    @Test
    void underTheSharedStyleDevTheDomainCarriesTheInstallIdAndUnderYourOwnDomainNot() throws Exception {
        FreestyleDeployer installed = deployerWith(config().withInstallId("k3x9a2b7"));
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-1\"}"));
        freestyle.enqueue(mapped("alyssa-k3x9a2b7.style.dev", "dep-1"));

        assertThat(installed.deploy(artifact, "alyssa").url()).isEqualTo("https://alyssa-k3x9a2b7.style.dev/");
        next();
        assertThat(next().getPath()).isEqualTo("/domains/v1/mappings/alyssa-k3x9a2b7.style.dev");

        FreestyleDeployer ownDomain = deployerWith(config().withInstallId("k3x9a2b7").withDomainSuffix("shop.example.com"));
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-2\"}"));
        freestyle.enqueue(mapped("alyssa-personalized.shop.example.com", "dep-2"));
        assertThat(ownDomain.deploy(artifact, "alyssa").url()).isEqualTo("https://alyssa-personalized.shop.example.com/");
    }

    @Test
    void withdrawingUnmapsTheDomainAndRestoringMapsItAgain() throws Exception {
        LiveVariant variant = new LiveVariant("plan1", "base1", "alyssa", "pricing_first", "c0ffee", ARTIFACT_ID, "dep-7",
                "https://alyssa-k3x9a2b7.style.dev/", 0);
        freestyle.enqueue(json(503, "{\"error\":{\"message\":\"try later\"}}"));
        freestyle.enqueue(json(200, "{}"));
        freestyle.enqueue(mapped("alyssa-k3x9a2b7.style.dev", "dep-7"));

        deployer.withdraw(variant);
        RecordedRequest failed = next();
        RecordedRequest unmapped = next();
        assertThat(failed.getMethod()).isEqualTo(unmapped.getMethod()).isEqualTo("DELETE");
        assertThat(unmapped.getPath()).isEqualTo("/domains/v1/mappings/alyssa-k3x9a2b7.style.dev");
        assertThat(unmapped.getHeader("Authorization")).isEqualTo("Bearer " + KEY);

        deployer.restore(variant);
        RecordedRequest mapping = next();
        assertThat(mapping.getMethod()).isEqualTo("POST");
        assertThat(mapping.getPath()).isEqualTo("/domains/v1/mappings/alyssa-k3x9a2b7.style.dev");
        assertThat(mapping.getBody().readUtf8()).isEqualTo("{\"deploymentId\":\"dep-7\"}");
    }

    @Test
    void aDomainAlreadyUnmappedIsWithdrawnAndARefusalIsReported() {
        LiveVariant variant = new LiveVariant("plan1", "base1", "alyssa", "pricing_first", "c0ffee", ARTIFACT_ID, "dep-7",
                "https://alyssa-k3x9a2b7.style.dev/", 0);
        freestyle.enqueue(json(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no mapping\"}}"));
        assertThatCode(() -> deployer.withdraw(variant)).doesNotThrowAnyException();

        freestyle.enqueue(json(400, "{\"error\":{\"code\":\"LOCKED\",\"message\":\"domain is locked\"}}"));
        assertThatThrownBy(() -> deployer.withdraw(variant))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("unmapping alyssa-k3x9a2b7.style.dev from rolled-back variant pricing_first")
                .hasMessageContaining("HTTP 400: LOCKED: domain is locked");
    }

    @Test
    void aRejectedDeploymentReportsFreestylesMessageAndIsNotRetried() {
        freestyle.enqueue(json(400, "{\"message\":\"Entrypoint main.ts was not found in the files\"}"));
        freestyle.enqueue(json(200, "{\"deploymentId\":\"should-not-be-used\"}"));

        assertThatThrownBy(() -> deployer.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("Entrypoint main.ts was not found in the files")
                .hasMessageNotContaining("exists");
        assertThat(freestyle.getRequestCount()).as("no mapping for a deployment that was not made").isEqualTo(1);
    }

    @Test
    void aBadKeyIsNamedAsSuch() {
        freestyle.enqueue(json(401, "{\"message\":\"Invalid API key\"}"));

        assertThatThrownBy(() -> deployer.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("FREESTYLE_API_KEY")
                .hasMessageContaining("Invalid API key")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void aServerErrorIsRetriedAndThenSucceeds() throws Exception {
        freestyle.enqueue(json(500, "{\"message\":\"internal error\"}"));
        freestyle.enqueue(json(429, "{\"message\":\"slow down\"}"));
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-after-retry\",\"domains\":[]}"));
        freestyle.enqueue(mapped("alyssa-personalized.style.dev", "dep-after-retry"));

        Deployment deployment = deployer.deploy(artifact, "alyssa");

        assertThat(deployment.id()).isEqualTo("dep-after-retry");
        assertThat(freestyle.getRequestCount()).as("three deployment attempts, one mapping").isEqualTo(4);
    }

    @Test
    void persistentServerErrorsGiveUpAfterTheConfiguredAttempts() {
        for (int i = 0; i < 3; i++) {
            freestyle.enqueue(json(503, "{\"message\":\"maintenance\"}"));
        }

        assertThatThrownBy(() -> deployer.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("after 3 attempt")
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("maintenance");
        assertThat(freestyle.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        freestyle.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        FreestyleDeployer impatient = deployerWith(config().withTimeout(Duration.ofMillis(300)));

        assertThatThrownBy(() -> impatient.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("timed out after 300 ms");
        assertThat(freestyle.getRequestCount()).as("a timed-out POST may have landed; it is not repeated").isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsRetriedThenReported() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        FreestyleDeployer unreachable = deployerWith(config().withBaseUrl(URI.create("http://127.0.0.1:" + closedPort)));

        assertThatThrownBy(() -> unreachable.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("after 3 attempt")
                .hasMessageContaining("could not connect to http://127.0.0.1:" + closedPort);
    }

    @Test
    void aGarbageReplyIsReported() {
        freestyle.enqueue(new MockResponse().setResponseCode(200).setBody("<html>Bad gateway page</html>"));

        assertThatThrownBy(() -> deployer.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("not JSON")
                .hasMessageContaining("<html>Bad gateway page</html>");
    }

    @Test
    void aReplyWithoutADeploymentIdIsReported() {
        freestyle.enqueue(json(200, "{\"domains\":[\"alyssa-personalized.style.dev\"],\"entrypoint\":\"main.ts\"}"));

        assertThatThrownBy(() -> deployer.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("without a deploymentId");
    }

    @Test
    void aReplyWithAnEmptyDeploymentIdIsReported() {
        freestyle.enqueue(json(200, "{\"deploymentId\":\"  \"}"));

        assertThatThrownBy(() -> deployer.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("without a deploymentId");
    }

    @Test
    void theUrlIsTheMappedDomainWhateverDomainsTheDeploymentReplyLists() throws Exception {
        freestyle.enqueue(json(200, "{\"deploymentId\":\"dep-9\",\"domains\":[\"dep-9.freestyle.example\"]}"));
        freestyle.enqueue(mapped("plan-7-personalized.style.dev", "dep-9"));

        assertThat(deployer.deploy(artifact, "plan-7").url()).isEqualTo("https://plan-7-personalized.style.dev/");
    }

    @Test
    void anAudienceThatIsNotAHostLabelIsRejectedBeforeCallingFreestyle() {
        assertThatThrownBy(() -> deployer.deploy(artifact, "Alyssa P."))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("'A' at position 0");
        assertThat(freestyle.getRequestCount()).isZero();
    }

    @Test
    void theConfigNeverPrintsTheKey() {
        assertThat(config().toString()).doesNotContain(KEY).contains("apiKey=***");
        assertThatThrownBy(() -> FreestyleConfig.withKey(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FREESTYLE_API_KEY");
    }

    private static String decoded(JsonNode files, String path) {
        return new String(Base64.getDecoder().decode(files.path(path).path("content").asText()), StandardCharsets.UTF_8);
    }
}
