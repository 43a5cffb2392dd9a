package dev.tailor.http;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Token buckets keyed by a client address or a visitor id: each key may spend {@code burst}
 * events at once and earns {@code perSecond} back every second. The map of buckets is bounded
 * (least recently used keys are forgotten first), so attacker-chosen keys cannot fill the heap; a
 * forgotten key starts again with a full bucket, which only ever errs on the side of letting a
 * visitor in.
 */
final class RateLimiter {

    private final double perSecond;
    private final double burst;
    private final Clock clock;
    private final Map<String, double[]> buckets; // key → {tokens, last refill in ms}

    /** @param perSecond events per second per key; 0 turns the limit off */
    RateLimiter(double perSecond, double burst, int maxKeys, Clock clock) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        this.clock = clock;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                return size() > maxKeys;
            }
        };
    }

    boolean enabled() {
        return perSecond > 0;
    }

    /** Whether the key could spend one token now (spending nothing). */
    synchronized boolean allows(String key) {
        if (!enabled()) {
            return true;
        }
        double[] bucket = buckets.get(key);
        return bucket == null || bucket[0] + (clock.millis() - bucket[1]) / 1000.0 * perSecond >= 1;
    }

    /** Whole seconds until the key has a token again (at least 1). */
    synchronized long secondsUntilAllowed(String key) {
        double[] bucket = buckets.get(key);
        double tokens = bucket == null ? burst : bucket[0] + (clock.millis() - bucket[1]) / 1000.0 * perSecond;
        return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }

    /**
     * Spends {@code cost} tokens of the key's bucket. Empty when allowed, else the whole seconds
     * until the key could spend that much (what {@code Retry-After} says); nothing is spent then.
     */
    synchronized OptionalLong spend(String key, int cost) {
        if (!enabled()) {
            return OptionalLong.empty();
        }
        long now = clock.millis();
        double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {burst, now});
        bucket[0] = Math.min(burst, bucket[0] + (now - bucket[1]) / 1000.0 * perSecond);
        bucket[1] = now;
        double needed = Math.min(cost, burst); // a request larger than the burst waits for a full bucket
        if (bucket[0] >= needed) {
            bucket[0] -= needed;
            return OptionalLong.empty();
        }
        return OptionalLong.of((long) Math.ceil((needed - bucket[0]) / perSecond));
    }
}
