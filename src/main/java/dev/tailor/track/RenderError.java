package dev.tailor.track;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A page failed to render in a visitor's browser, as its tracker reported it ({@code render_error}).
 *
 * @param userId     the visitor
 * @param artifactId the build the page was, from its {@code tailor-artifact}: which variant it was is decided by
 *                   the server from what it serves the visitor, never taken from the browser
 * @param reason     what the page saw
 */
public record RenderError(String userId, String artifactId, Reason reason) {

    /** The event type the tracker sends. */
    public static final String EVENT = "render_error";

    /** What the page saw; each carries its wire name, the event's {@code reason}. */
    public enum Reason {
        /** an uncaught error thrown by the page's own bundle while its root was still empty */
        ERROR("error"),
        /** a promise of the page's own bundle rejected unhandled while its root was still empty */
        UNHANDLED_REJECTION("unhandledrejection"),
        /** the page's root element was still empty a few seconds after the page loaded */
        EMPTY_ROOT("empty_root");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** The reason with this wire name, or empty. */
        static java.util.Optional<Reason> fromWire(String wire) {
            return Arrays.stream(values()).filter(r -> r.wire.equals(wire)).findFirst();
        }

        static String accepted() {
            return Arrays.stream(values()).map(Reason::wire).collect(Collectors.joining(", "));
        }
    }
}
