package dev.tailor.http;

import dev.tailor.config.Environment;
import java.time.Duration;

/**
 * How much one client may ask of the server before it is slowed down or cut off (see
 * {@code docs/security.md}). Every value is a {@code TAILOR_*} setting with a default that a
 * real site's visitors never reach.
 *
 * @param bodyReadTimeout      a request body must arrive whole within this ({@code TAILOR_BODY_READ_TIMEOUT}), else 408
 * @param minRequestDataRate   bytes per second below which Jetty drops a body upload ({@code TAILOR_MIN_REQUEST_DATA_RATE});
 *                             Jetty counts from the body's first byte, so time a busy server takes to read it counts
 *                             too: at 1,024 B/s a 150-byte event read 150 ms late was refused, hence a low default
 * @param idleTimeout          a connection that sends nothing for this long is closed ({@code TAILOR_IDLE_TIMEOUT})
 * @param clientEventsPerSecond events per second one client address may send, 0 = unlimited ({@code TAILOR_RATE_LIMIT_CLIENT})
 * @param clientBurst          … and at once ({@code TAILOR_RATE_LIMIT_CLIENT_BURST})
 * @param visitorEventsPerSecond events per second for one visitor id ({@code TAILOR_RATE_LIMIT_VISITOR}), 0 = unlimited
 * @param visitorBurst         … and at once ({@code TAILOR_RATE_LIMIT_VISITOR_BURST})
 */
public record HttpLimits(Duration bodyReadTimeout, int minRequestDataRate, Duration idleTimeout,
                         double clientEventsPerSecond, int clientBurst,
                         double visitorEventsPerSecond, int visitorBurst) {

    /** How many clients and visitors the rate limiter remembers at most (least recently seen forgotten first). */
    static final int MAX_TRACKED_KEYS = 100_000;

    public static HttpLimits from(Environment env) {
        return new HttpLimits(
                env.positiveDuration("TAILOR_BODY_READ_TIMEOUT", Duration.ofSeconds(10)),
                env.integer("TAILOR_MIN_REQUEST_DATA_RATE", 128, 0, 1 << 30),
                env.positiveDuration("TAILOR_IDLE_TIMEOUT", Duration.ofSeconds(30)),
                env.decimal("TAILOR_RATE_LIMIT_CLIENT", 500, 0, 1e9),
                env.integer("TAILOR_RATE_LIMIT_CLIENT_BURST", 5_000, 1, 1 << 30),
                env.decimal("TAILOR_RATE_LIMIT_VISITOR", 20, 0, 1e9),
                env.integer("TAILOR_RATE_LIMIT_VISITOR_BURST", 200, 1, 1 << 30));
    }
}
