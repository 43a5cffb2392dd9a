package dev.tailor.visitor;

/**
 * Consent to tracking, when the site asks for it first ({@code TAILOR_CONSENT=required}): until the
 * visitor agrees (the page calls {@code window.tailor.consent(true)}, which sets the
 * {@value #COOKIE} cookie through {@code POST /_tailor/api/consent}), the visitor is treated like one
 * who opted out: no visitor cookie, no events, the original site.
 */
public final class Consent {

    /** {@code yes} or {@code no}; readable by the tracker, so not HttpOnly. */
    public static final String COOKIE = "tailor_consent";
    public static final String GIVEN = "yes";
    public static final String REFUSED = "no";

    private Consent() {
    }

    /** True when consent is required and this request's {@value #COOKIE} cookie (null when absent) does not give it. */
    public static boolean withheld(boolean required, String cookie) {
        return required && !GIVEN.equals(cookie);
    }
}
