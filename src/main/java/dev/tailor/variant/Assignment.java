package dev.tailor.variant;

/**
 * A visitor routed to a variant, identified by its plan on its base.
 *
 * @param assignedAt when (epoch ms)
 */
public record Assignment(String userId, String planHash, String baseCommit, long assignedAt) {
}
