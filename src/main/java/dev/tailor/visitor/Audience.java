package dev.tailor.visitor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Who a visitor is, as far as personalization goes: one of Tailor's built-in {@link Persona}s
 * (a site that defines no audiences of its own), or a {@link SiteAudience} a site defines in its
 * {@code tailor.json}. On the wire (profile JSON, the {@code profiles} table, metrics, job reasons)
 * both are just their name, so a built-in persona reads exactly as before.
 */
public sealed interface Audience permits Persona, SiteAudience {

    /** The name on the wire, e.g. {@code data_focused} or {@code price_sensitive}. */
    @JsonValue
    String wire();

    /**
     * The audience with this wire name: a built-in persona's, else a site audience. Unambiguous
     * because a site audience may not take a built-in name (see {@link SiteAudience}).
     *
     * @throws IllegalArgumentException naming the value when it can be neither
     */
    @JsonCreator
    static Audience fromWire(String wire) {
        return Persona.byWire(wire).<Audience>map(p -> p).orElseGet(() -> new SiteAudience(wire));
    }
}
