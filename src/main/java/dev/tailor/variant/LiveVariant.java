package dev.tailor.variant;

/**
 * A deployed variant.
 *
 * @param audience     its folder under {@code variants/} and its subdomain label
 * @param deploymentId the deployer's id
 * @param url          where it can be opened directly
 */
public record LiveVariant(String planHash, String baseCommit, String audience, String planName, String commit,
                          String artifactId, String deploymentId, String url, long createdAt) {

    /** What identifies the variant: its plan on its base. */
    public String key() {
        return planHash + "@" + baseCommit;
    }
}
