package dev.tailor.build;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code data-section} attributes a built site sets, read from its bundles: the tracker can
 * only report dwell on elements that carry one, so a site whose bundle sets none could never be
 * personalized. JSX compiles an attribute to a property {@code "data-section":…} of the element's
 * props, which minification keeps quoted; a literal value ({@code "data-section":"pricing"}) is
 * also read, so the names can be checked against the site's contract before any visitor comes.
 *
 * @param any          some element gets a {@code data-section}, literal or computed
 * @param computed     some element gets a computed one ({@code data-section={name}}), which cannot be read here
 * @param literalNames the literal values, sorted
 */
public record SectionMarkup(boolean any, boolean computed, Set<String> literalNames) {

    private static final Pattern ATTRIBUTE = Pattern.compile("[\"']data-section[\"']\\s*:\\s*(?:\"([^\"\\\\]*)\"|'([^'\\\\]*)')?");

    public SectionMarkup {
        literalNames = java.util.Collections.unmodifiableSet(new TreeSet<>(literalNames));
    }

    /** What the artifact's JavaScript bundles set. */
    public static SectionMarkup of(Artifact artifact) throws IOException {
        boolean any = false;
        boolean computed = false;
        Set<String> names = new TreeSet<>();
        for (String file : artifact.files()) {
            if (!file.endsWith(".js")) {
                continue;
            }
            Matcher m = ATTRIBUTE.matcher(Files.readString(artifact.dir().resolve(file)));
            while (m.find()) {
                any = true;
                String literal = m.group(1) != null ? m.group(1) : m.group(2);
                if (literal != null) {
                    names.add(literal);
                } else {
                    computed = true;
                }
            }
        }
        return new SectionMarkup(any, computed, names);
    }
}
