package dev.tailor.optimize;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.tailor.wire.WireNames;

/**
 * Where an optimization job is: one of the stages it moves through, in order, or how it ended.
 * Each carries its wire name, the string the API, the dashboard and the stored jobs use; the
 * type can change without changing a byte of any of them.
 */
public enum JobStage {
    QUEUED("queued"),
    PLANNING("planning"),
    GENERATING("generating"),
    VALIDATING("validating"),
    BUILDING("building"),
    COMMITTING("committing"),
    DEPLOYING("deploying"),
    LIVE("live"),
    FAILED("failed");

    private static final WireNames<JobStage> WIRE_NAMES = WireNames.of("job stage", values(), JobStage::wire);

    private final String wire;

    JobStage(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Whether the job has ended, live or failed: nothing more will happen to it. */
    public boolean finished() {
        return this == LIVE || this == FAILED;
    }

    /** The stage with this wire name; a clear error naming the accepted ones otherwise. */
    @JsonCreator
    public static JobStage fromWire(String wire) {
        return WIRE_NAMES.parse(wire);
    }

    @Override
    public String toString() {
        return wire;
    }
}
