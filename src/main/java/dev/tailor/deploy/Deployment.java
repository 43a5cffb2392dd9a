package dev.tailor.deploy;

import java.time.Instant;

/**
 * An artifact made reachable for an audience.
 *
 * @param id         the provider's deployment id
 * @param audience   the variant's audience (a user or a plan name)
 * @param artifactId which build is deployed
 * @param provider   {@code local-edge} or {@code freestyle}
 * @param url        where a person can open it
 * @param createdAt  when it went live
 */
public record Deployment(String id, String audience, String artifactId, String provider, String url, Instant createdAt) {
}
