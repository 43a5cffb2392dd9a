package dev.tailor.visitor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.tailor.wire.WireNames;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kind of visitor the profile engine recognizes, with the name it has on the wire: in the
 * profile JSON of {@code GET /api/profile/…} and the {@code profiles} table, in the metrics and in
 * the {@code "personas"} key of a site's {@code tailor.json}. Jackson writes and reads the wire
 * name, and {@link #toString} is the wire name too, so logs and explanations read as before.
 *
 * <p>It lives in this vocabulary package, not in {@code profile} where it is assigned, because
 * {@code config} needs it to read {@code tailor.json} and {@code profile} already imports
 * {@code config}: both may import this package, which imports nothing of Tailor's.
 */
public enum Persona implements Audience {
    DATA_FOCUSED("data_focused"),
    CONTENT_EXPLORER("content_explorer"),
    QUICK_DECIDER("quick_decider"),
    /** Not enough of any persona's behaviour yet: Tailor does not optimize for this visitor. */
    NONE("none");

    private static final WireNames<Persona> WIRE_NAMES = WireNames.of("persona", values(), Persona::wire);

    private final String wire;

    Persona(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    /** The personas a visitor can be given, i.e. all but {@link #NONE}, in this order. */
    public static List<Persona> assignable() {
        return Arrays.stream(values()).filter(p -> p != NONE).toList();
    }

    /** The persona with this wire name, or empty. */
    public static Optional<Persona> byWire(String wire) {
        return WIRE_NAMES.find(wire);
    }

    /** @throws IllegalArgumentException naming the value and the personas there are */
    @JsonCreator
    public static Persona fromWire(String wire) {
        return WIRE_NAMES.parse(wire);
    }

    @Override
    public String toString() {
        return wire;
    }
}
