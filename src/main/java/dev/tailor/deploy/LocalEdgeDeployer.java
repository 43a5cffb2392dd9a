package dev.tailor.deploy;

import dev.tailor.build.Artifact;
import java.nio.file.Files;
import java.time.Clock;

/**
 * The embedded default: the artifact is already on local disk and Tailor's own HTTP server serves
 * {@code /artifacts/<id>/…} for it, so "deploying" only checks the artifact is whole and names the
 * URL the audience's site is reached at.
 */
public final class LocalEdgeDeployer implements Deployer {

    public static final String PROVIDER = "local-edge";

    private final String baseHost;
    private final int port;
    private final Clock clock;

    /** Sites at {@code http://<audience>-personalized.localhost:<port>/}; browsers resolve *.localhost to this machine. */
    public LocalEdgeDeployer(int publicPort) {
        this("localhost", publicPort, Clock.systemUTC());
    }

    /**
     * @param baseHost   the host the edge answers under, e.g. {@code localhost} or {@code tailor.example.com}
     * @param publicPort the port browsers reach Tailor's HTTP server on
     */
    public LocalEdgeDeployer(String baseHost, int publicPort, Clock clock) {
        if (baseHost == null || !baseHost.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            throw new IllegalArgumentException("edge base host '" + baseHost + "' is not a lowercase host name");
        }
        if (publicPort < 1 || publicPort > 65535) {
            throw new IllegalArgumentException("edge public port " + publicPort + " is not between 1 and 65535");
        }
        this.baseHost = baseHost;
        this.port = publicPort;
        this.clock = clock;
    }

    @Override
    public Deployment deploy(Artifact artifact, String audience) throws DeployException {
        AudienceLabel label = AudienceLabel.forDeployment(audience);
        if (!Files.isDirectory(artifact.dir())) {
            throw new DeployException("artifact " + artifact.id() + " cannot be deployed: its directory " + artifact.dir() + " does not exist");
        }
        if (!Files.isRegularFile(artifact.indexHtml())) {
            throw new DeployException("artifact " + artifact.id() + " cannot be deployed: " + artifact.indexHtml() + " is missing");
        }
        for (String file : artifact.files()) {
            if (!Files.isRegularFile(artifact.dir().resolve(file))) {
                throw new DeployException("artifact " + artifact.id() + " cannot be deployed: its file " + file + " is missing from " + artifact.dir());
            }
        }
        String url = "http://" + label.hostUnder(baseHost) + (port == 80 ? "" : ":" + port) + "/";
        return new Deployment("edge-" + artifact.id() + "-" + label.value(), label.value(), artifact.id(), PROVIDER, url, clock.instant());
    }
}
