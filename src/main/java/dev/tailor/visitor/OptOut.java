package dev.tailor.visitor;

/**
 * The browser's own privacy signals: Global Privacy Control ({@code Sec-GPC: 1}) or Do-Not-Track
 * ({@code DNT: 1}). A visitor who sends either gets the original site, no cookie, and no event
 * of theirs is stored.
 */
public final class OptOut {

    private OptOut() {
    }

    /** True when the browser asks not to be tracked, given its {@code Sec-GPC} and {@code DNT} headers (null when absent). */
    public static boolean requested(String secGpc, String doNotTrack) {
        return "1".equals(secGpc) || "1".equals(doNotTrack);
    }
}
