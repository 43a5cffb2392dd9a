package dev.tailor.visitor;

/**
 * What a regular expression such as {@code [A-Za-z0-9_.:-]{1,128}} checks, without a regex: every char one
 * of a set of ASCII chars, and a length in bounds. Ids and tokens are checked for every event ingested, and
 * {@link java.util.regex.Matcher} cost a third of the event parser's time on them.
 */
public final class CharClass {

    private final boolean[] allowed = new boolean[128];
    private final int minLength;
    private final int maxLength;

    private CharClass(String set, int minLength, int maxLength) {
        for (int i = 0; i < set.length(); i++) {
            char c = set.charAt(i);
            if (i + 2 < set.length() && set.charAt(i + 1) == '-') {
                for (char r = c; r <= set.charAt(i + 2); r++) {
                    allowed[r] = true;
                }
                i += 2;
            } else {
                allowed[c] = true; // a '-' first or last is itself
            }
        }
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    /**
     * @param set ASCII chars and ranges as in a regex's brackets, e.g. {@code A-Za-z0-9_.:-} (a {@code -} last
     *            is itself)
     */
    public static CharClass of(String set, int minLength, int maxLength) {
        return new CharClass(set, minLength, maxLength);
    }

    /** Whether the whole of {@code s} is chars of the set, between the lengths. */
    public boolean matches(String s) {
        int n = s.length();
        if (n < minLength || n > maxLength) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 128 || !allowed[c]) {
                return false;
            }
        }
        return true;
    }
}
