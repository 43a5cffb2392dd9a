package dev.tailor.deploy;

import dev.tailor.build.Artifact;
import dev.tailor.variant.LiveVariant;

/** Makes a built artifact reachable at a URL of its own. */
public interface Deployer {

    /**
     * @throws DeployException when the artifact could not be deployed; the original site keeps serving
     */
    Deployment deploy(Artifact artifact, String audience) throws DeployException;

    /**
     * Takes a rolled-back variant's deployment out of service where it lives outside Tailor (Freestyle
     * unmaps its domain). Tailor's own edge needs nothing: it stops routing to a rolled-back variant.
     */
    default void withdraw(LiveVariant variant) throws DeployException {
    }

    /** Puts a withdrawn variant's deployment back in service (a rollout re-tried after its rollback). */
    default void restore(LiveVariant variant) throws DeployException {
    }
}
