package dev.tailor.page;

/** Writes planned prop values as JSX attribute values. */
public final class JsxLiteral {
    private JsxLiteral() {
    }

    /** {@code "hero"} for strings, {@code {true}} / {@code {3}} for booleans and numbers. */
    public static String attributeValue(Object value) {
        if (value instanceof String s) {
            return s.contains("\"") || s.contains("\\") || s.contains("\n")
                    ? "{" + jsString(s) + "}" : "\"" + s + "\"";
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return "{" + value + "}";
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? "{" + (long) d + "}" : "{" + d + "}";
        }
        throw new IllegalArgumentException("prop values must be strings, booleans or numbers, not " + value);
    }

    private static String jsString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
