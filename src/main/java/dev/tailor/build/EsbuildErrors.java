package dev.tailor.build;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns esbuild's multi-line error report into one {@code file:line:col: message} line per error. */
final class EsbuildErrors {

    private static final Pattern ERROR_HEADER = Pattern.compile("^\\s*(?:✘|X)\\s*\\[ERROR\\]\\s*(.*)$");
    private static final Pattern LOCATION = Pattern.compile("^\\s+(\\S.*:\\d+:\\d+):\\s*$");

    private static final Pattern UNRESOLVED = Pattern.compile("Could not resolve \"([^\"]+)\"");

    private EsbuildErrors() {
    }

    /** The import specifiers esbuild could not resolve, in the order it reported them, each once. */
    static List<String> unresolved(String stderr) {
        List<String> specifiers = new ArrayList<>();
        Matcher m = UNRESOLVED.matcher(stderr);
        while (m.find()) {
            if (!specifiers.contains(m.group(1))) {
                specifiers.add(m.group(1));
            }
        }
        return specifiers;
    }

    static List<String> summarize(String stderr) {
        List<String> errors = new ArrayList<>();
        String[] lines = stderr.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            Matcher header = ERROR_HEADER.matcher(lines[i]);
            if (!header.matches()) {
                continue;
            }
            String message = header.group(1).trim();
            String location = null;
            // the location, when esbuild knows one, is the first non-blank line after the header
            for (int j = i + 1; j < lines.length; j++) {
                if (lines[j].isBlank()) {
                    continue;
                }
                Matcher where = LOCATION.matcher(lines[j]);
                if (where.matches()) {
                    location = where.group(1);
                }
                break;
            }
            errors.add(location == null ? message : location + ": " + message);
        }
        return errors;
    }
}
