package dev.tailor.repo;

import java.time.Instant;

/**
 * One commit of the main repository, as a dashboard shows it.
 *
 * @param sha      full commit id
 * @param message  the full commit message
 * @param time     when it was committed
 * @param audience the audience whose variant the commit changed, or null for commits that
 *                 touched no variant (e.g. tracking a new original website)
 */
public record VariantCommit(String sha, String message, Instant time, String audience) {
}
