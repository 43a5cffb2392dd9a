package dev.tailor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.build.Artifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEdgeDeployerTest {

    private static final String ID = "0123456789abcdef0123";
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path artifacts;

    Artifact artifact;
    LocalEdgeDeployer deployer = new LocalEdgeDeployer("localhost", 7070, Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void writeArtifact() throws Exception {
        Path dir = artifacts.resolve(ID);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("index.html"), "<!doctype html>");
        Files.writeString(dir.resolve("app-ABC.js"), "0");
        artifact = new Artifact(ID, dir, List.of("app-ABC.js", "index.html"), 5);
    }

    @Test
    void deployingNamesTheAudiencesLocalUrl() throws Exception {
        Deployment deployment = deployer.deploy(artifact, "alyssa");

        assertThat(deployment).isEqualTo(new Deployment("edge-" + ID + "-alyssa", "alyssa", ID, "local-edge",
                "http://alyssa-personalized.localhost:7070/", NOW));
    }

    @Test
    void theSameArtifactAndAudienceAlwaysGiveTheSameDeploymentId() throws Exception {
        assertThat(deployer.deploy(artifact, "plan-3").id()).isEqualTo(deployer.deploy(artifact, "plan-3").id());
        assertThat(deployer.deploy(artifact, "plan-3").id()).isNotEqualTo(deployer.deploy(artifact, "plan-4").id());
    }

    @Test
    void portEightyIsLeftOutOfTheUrl() throws Exception {
        LocalEdgeDeployer onEighty = new LocalEdgeDeployer("tailor.example.com", 80, Clock.systemUTC());

        assertThat(onEighty.deploy(artifact, "alyssa").url()).isEqualTo("http://alyssa-personalized.tailor.example.com/");
    }

    @Test
    void anIncompleteArtifactIsRefusedNamingTheMissingFile() throws Exception {
        Files.delete(artifact.dir().resolve("app-ABC.js"));

        assertThatThrownBy(() -> deployer.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("app-ABC.js is missing");
    }

    @Test
    void anArtifactWithoutIndexHtmlIsRefused() throws Exception {
        Files.delete(artifact.indexHtml());

        assertThatThrownBy(() -> deployer.deploy(artifact, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("index.html is missing");
    }

    @Test
    void aVanishedArtifactDirIsRefused() {
        Artifact gone = new Artifact("ffffffffffffffffffff", artifacts.resolve("ffffffffffffffffffff"), List.of("index.html"), 1);

        assertThatThrownBy(() -> deployer.deploy(gone, "alyssa"))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void audiencesThatAreNotHostLabelsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> deployer.deploy(artifact, "Alyssa")).hasMessageContaining("'A' at position 0");
        assertThatThrownBy(() -> deployer.deploy(artifact, "a.b")).hasMessageContaining("'.' at position 1");
        assertThatThrownBy(() -> deployer.deploy(artifact, "x".repeat(41))).hasMessageContaining("41 characters");
        assertThatThrownBy(() -> deployer.deploy(artifact, "")).hasMessageContaining("empty");
        assertThatThrownBy(() -> deployer.deploy(artifact, null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> deployer.deploy(artifact, "-x")).hasMessageContaining("starts or ends with '-'");
        assertThatThrownBy(() -> deployer.deploy(artifact, "../../etc")).isInstanceOf(DeployException.class);
    }

    @Test
    void theConfiguredHostAndPortAreValidated() {
        assertThatThrownBy(() -> new LocalEdgeDeployer(0)).hasMessageContaining("port 0");
        assertThatThrownBy(() -> new LocalEdgeDeployer("evil.com/x", 80, Clock.systemUTC())).hasMessageContaining("evil.com/x");
    }
}
