package dev.tailor.deploy;

/**
 * An audience name that is safe as the first part of a host name ({@code <label>-personalized.<domain>}):
 * lowercase a-z, 0-9 and '-', not starting or ending with '-', at most 40 characters (the whole DNS
 * label, with {@code -personalized}, stays within the 63 allowed).
 */
public record AudienceLabel(String value) {

    public static final int MAX_LENGTH = 40;

    public AudienceLabel {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("audience is empty; it becomes part of a host name, so give it 1-" + MAX_LENGTH + " characters");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("audience '" + value + "' is " + value.length() + " characters long; at most " + MAX_LENGTH + " fit in a host name");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!allowed) {
                throw new IllegalArgumentException("audience '" + value + "' has '" + c + "' at position " + i
                        + "; only lowercase a-z, 0-9 and '-' are allowed in a host name");
            }
        }
        if (value.startsWith("-") || value.endsWith("-")) {
            throw new IllegalArgumentException("audience '" + value + "' starts or ends with '-', which host names forbid");
        }
    }

    /** Validates an audience handed to a {@link Deployer}, reporting a bad one as the deployment's failure. */
    static AudienceLabel forDeployment(String audience) throws DeployException {
        try {
            return new AudienceLabel(audience);
        } catch (IllegalArgumentException e) {
            throw new DeployException("cannot deploy: " + e.getMessage(), e);
        }
    }

    /** The host name of this audience's personalized site under {@code domain}, e.g. {@code alyssa-personalized.style.dev}. */
    public String hostUnder(String domain) {
        return value + "-personalized." + domain;
    }

    @Override
    public String toString() {
        return value;
    }
}
