package dev.tailor.build;

/** A site could not be built; the message names the file, the step or esbuild's own error text. */
public class BuildException extends Exception {
    public BuildException(String message) {
        super(message);
    }

    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
