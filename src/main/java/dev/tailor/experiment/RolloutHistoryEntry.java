package dev.tailor.experiment;

/**
 * One event of a rollout's life, as its history keeps it: a start, a promotion, a rollback, a stop
 * or an admin's re-try.
 *
 * @param at      when the stage or status it records began (epoch ms)
 * @param percent the stage's percent from then on
 */
public record RolloutHistoryEntry(long at, int percent, RolloutStatus status, String reason) {
}
