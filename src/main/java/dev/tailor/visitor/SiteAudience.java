package dev.tailor.visitor;

import java.util.regex.Pattern;

/**
 * An audience a site defines in the {@code "audiences"} of its {@code tailor.json}, e.g.
 * {@code price_sensitive}: a name only; what defines it and the plan it gets are the site's
 * contract ({@code SiteContract.AudienceSpec}).
 *
 * @param name lower-case letters, digits and {@code _}, starting with a letter, at most 40
 *             characters (it names plans and dashboard rows), and none of the built-in personas' names
 */
public record SiteAudience(String name) implements Audience {

    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    public SiteAudience {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("audience name '" + name
                    + "' must be 1–40 of a-z 0-9 _, starting with a letter (e.g. price_sensitive)");
        }
        if (Persona.byWire(name).isPresent()) {
            throw new IllegalArgumentException("audience name '" + name + "' is a built-in persona's; "
                    + "a site that defines \"audiences\" names its own (e.g. " + name + "_visitors)");
        }
    }

    @Override
    public String wire() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
