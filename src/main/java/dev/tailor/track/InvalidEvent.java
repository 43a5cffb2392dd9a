package dev.tailor.track;

/**
 * Why an event was rejected.
 *
 * @param index   position in the batch (0 for a single event)
 * @param field   the field that was wrong
 * @param reason  what was wrong with it, for a person
 * @param payload the event as received
 */
public record InvalidEvent(int index, String field, String reason, String payload) {
}
