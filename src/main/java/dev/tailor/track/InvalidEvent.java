package dev.tailor.track;

/**
 * Why an event was rejected. Kept in the {@code failed_events} table for inspection.
 *
 * @param index   position in the batch (0 for a single event)
 * @param field   the field that was wrong
 * @param reason  what was wrong with it, for a person
 * @param payload the event as received
 * @param userId  the visitor the event names (its {@code user_id}, else the cookie's), or null when
 *                unknown; lets erasure find the visitor's rejected events too
 */
public record InvalidEvent(int index, String field, String reason, String payload, String userId) {
}
