package dev.tailor.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The wire names of one enum (the strings the JSON, the database, the environment and the logs use)
 * and the one error for a name none of its constants has: {@code unknown job stage 'deployed':
 * expected one of queued, planning, …}, naming the field, the bad value and the accepted values.
 *
 * @param <E> the enum
 */
public final class WireNames<E extends Enum<E>> {

    private final String field;
    private final Map<String, E> byName;

    private WireNames(String field, Map<String, E> byName) {
        this.field = field;
        this.byName = byName;
    }

    /**
     * The names of {@code constants}, in their order.
     *
     * @param field what the value is, as the error should call it, e.g. {@code job stage}
     * @throws IllegalArgumentException if two constants share a name
     */
    public static <E extends Enum<E>> WireNames<E> of(String field, E[] constants, Function<E, String> wire) {
        Map<String, E> byName = new LinkedHashMap<>();
        for (E constant : constants) {
            E clash = byName.putIfAbsent(wire.apply(constant), constant);
            if (clash != null) {
                throw new IllegalArgumentException(field + ": " + clash + " and " + constant + " share the wire name '"
                        + wire.apply(constant) + "'");
            }
        }
        return new WireNames<>(field, byName);
    }

    /** The constant with this name, or empty (names are compared exactly: {@code LIVE} is not {@code live}). */
    public Optional<E> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** @throws IllegalArgumentException naming the field, the value and the accepted names */
    public E parse(String name) {
        E constant = byName.get(name);
        if (constant == null) {
            throw new IllegalArgumentException("unknown " + field + " '" + name + "': expected one of " + accepted());
        }
        return constant;
    }

    /** The accepted names, in the enum's order, e.g. {@code not_worse, better}. */
    public String accepted() {
        return String.join(", ", byName.keySet());
    }

    @Override
    public String toString() {
        return field + " (" + accepted() + ")";
    }
}
