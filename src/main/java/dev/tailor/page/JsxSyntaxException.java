package dev.tailor.page;

/** The source is not valid JSX; {@code line}/{@code column} are 1-based, 0 when swc did not say. */
public final class JsxSyntaxException extends Exception {
    private final int line;
    private final int column;

    public JsxSyntaxException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
