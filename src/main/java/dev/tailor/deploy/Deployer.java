package dev.tailor.deploy;

import dev.tailor.build.Artifact;

/** Makes a built artifact reachable at a URL of its own. */
public interface Deployer {

    /**
     * @throws DeployException when the artifact could not be deployed; the original site keeps serving
     */
    Deployment deploy(Artifact artifact, String audience) throws DeployException;
}
