package dev.tailor.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.tailor.wire.WireNames;

/**
 * Where a rollout stands. Each carries its wire name, the string the API, the dashboard and the
 * {@code rollouts} table use.
 */
public enum RolloutStatus {
    /** In a stage below 100%, judged at every check. */
    ROLLING_OUT("rolling_out"),
    /** Promoted to every eligible visitor. */
    COMPLETE("complete"),
    /** Taken back from everyone: they get the original site. */
    ROLLED_BACK("rolled_back"),
    /**
     * Halted because the observed split of visitors does not match the configured one (sample ratio
     * mismatch): nothing measured can be trusted, so everyone gets the original until an admin re-tries it.
     */
    STOPPED("stopped");

    private static final WireNames<RolloutStatus> WIRE_NAMES = WireNames.of("rollout status", values(), RolloutStatus::wire);

    private final String wire;

    RolloutStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The status with this wire name; a clear error naming the accepted ones otherwise. */
    @JsonCreator
    public static RolloutStatus fromWire(String wire) {
        return WIRE_NAMES.parse(wire);
    }

    @Override
    public String toString() {
        return wire;
    }
}
