package dev.tailor.deploy;

/** A deployment failed; the message says where and why. */
public class DeployException extends Exception {
    public DeployException(String message) {
        super(message);
    }

    public DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
