package dev.tailor.repo;

import java.util.regex.Pattern;

/**
 * Where one audience's variant lives in the main repository:
 * {@code variants/<audience>/<pageFileName>} next to {@code variants/<audience>/deployment.json}.
 * Both names end up in file paths, so they are checked here, once, against strict patterns.
 */
public record VariantPath(String audience, String pageFileName) {
    public static final String VARIANTS_DIR = "variants";
    public static final String DEPLOYMENT_FILE = "deployment.json";

    // starts with a letter/digit so a name can never be ".", "..", or look like an option
    private static final Pattern AUDIENCE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern PAGE_FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\\.(jsx|tsx|js)");

    public VariantPath {
        if (audience == null || !AUDIENCE.matcher(audience).matches()) {
            throw new IllegalArgumentException("audience " + quote(audience) + " is not allowed: use 1-64 characters"
                    + " from a-z, 0-9, '-' and '_', starting with a letter or digit");
        }
        if (pageFileName == null || !PAGE_FILE.matcher(pageFileName).matches()) {
            throw new IllegalArgumentException("page file name " + quote(pageFileName) + " is not allowed: it must be"
                    + " a plain file name (no directories) ending in .jsx, .tsx or .js, like Homepage.jsx");
        }
    }

    /** {@code variants/<audience>}, relative to the main repository root. */
    public String directory() {
        return VARIANTS_DIR + "/" + audience;
    }

    /** {@code variants/<audience>/<pageFileName>}, relative to the main repository root. */
    public String pageFile() {
        return directory() + "/" + pageFileName;
    }

    /** {@code variants/<audience>/deployment.json}, relative to the main repository root. */
    public String deploymentFile() {
        return directory() + "/" + DEPLOYMENT_FILE;
    }

    private static String quote(String value) {
        if (value == null) {
            return "(missing)";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        StringBuilder out = new StringBuilder("\"");
        // escape control characters so a hostile name can't forge log lines
        shown.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.append('"').toString();
    }
}
