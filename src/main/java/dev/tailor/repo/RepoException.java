package dev.tailor.repo;

/** A git operation on Tailor's repositories failed; the message says which one and on what. */
public final class RepoException extends RuntimeException {
    public RepoException(String message, Throwable cause) {
        super(message, cause);
    }

    public RepoException(String message) {
        super(message);
    }
}
