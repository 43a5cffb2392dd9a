package dev.tailor.track;

/**
 * One thing a visitor did, as accepted at the boundary.
 *
 * @param eventId     client-generated id (or server-generated when the client sent none); dedup key
 * @param userId      the visitor
 * @param sessionId   the tracker's session id, or null (the profile engine then sessionizes by idle time)
 * @param event       the kind: see {@link EventParser#TYPES}
 * @param section     the page section (or the spec's {@code page}) the event is about, snake_case, or null
 * @param timeSpent   engaged seconds on that section, or 0
 * @param scrollDepth maximum scroll depth in percent, or -1 when not reported
 * @param goal        the goal reached (for {@code goal} events), or null
 * @param device      {@code desktop}, {@code tablet}, {@code mobile}, or null
 * @param occurredAt  when it happened, epoch milliseconds (client clock, clamped to the server's)
 * @param payload     the event exactly as received, as JSON
 */
public record TrackEvent(
        String eventId,
        String userId,
        String sessionId,
        String event,
        String section,
        double timeSpent,
        double scrollDepth,
        String goal,
        String device,
        long occurredAt,
        String payload) {
}
