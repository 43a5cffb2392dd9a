package dev.tailor.config;

/**
 * When an acknowledged event is safe ({@code TAILOR_DURABILITY}): the event log answers a caller
 * only after its group commit, and this says how far that commit went.
 */
public enum Durability {
    /** The commit is on disk (fsync) before the answer: an acknowledged event survives a power loss or OS crash. */
    FULL("full"),
    /**
     * The commit is in the operating system (SQLite {@code synchronous=NORMAL} in WAL mode; PostgreSQL
     * {@code synchronous_commit=off} on Tailor's sessions) before the answer, and reaches the disk at the next
     * checkpoint: an acknowledged event survives a {@code kill -9} of Tailor, not a power loss or OS crash.
     */
    PROCESS("process");

    private final String wire;

    Durability(String wire) {
        this.wire = wire;
    }

    /** The name in {@code TAILOR_DURABILITY}, {@code /healthz} and the docs. */
    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException saying which values are accepted */
    public static Durability fromWire(String value) {
        for (Durability d : values()) {
            if (d.wire.equals(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException("expected full (an acknowledged event survives a power loss) or process"
                + " (it survives a kill of Tailor, not a power loss or OS crash)");
    }
}
