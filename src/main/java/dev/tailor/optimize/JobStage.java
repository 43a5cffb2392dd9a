package dev.tailor.optimize;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

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
        for (JobStage stage : values()) {
            if (stage.wire.equals(wire)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("unknown job stage '" + wire + "': expected one of "
                + Arrays.stream(values()).map(JobStage::wire).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wire;
    }
}
