package dev.tailor.visitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The first-party visitor cookie: a random id signed with a key kept in the data directory,
 * so that a visitor cannot pose as another by editing the cookie.
 */
public final class VisitorCookies {

    public static final String NAME = "tailor_vid";
    private static final CharClass ID = CharClass.of("A-Za-z0-9_.:@-", 1, 128);
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    /** The shape of the ids {@link #newVisitorId()} issues. */
    private static final CharClass ISSUED_ID_TAIL = CharClass.of("a-z2-7", 20, 20);

    private final byte[] key;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
    private final SecureRandom random = new SecureRandom();

    public VisitorCookies(byte[] key) {
        this.key = key.clone();
    }

    /** Loads the signing key from {@code file}, creating it (owner-only) on first use. */
    public static VisitorCookies withKeyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "secret", ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the directory's permissions apply
                }
                Files.write(tmp, Base64.getEncoder().encode(fresh), StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            return new VisitorCookies(Base64.getDecoder().decode(Files.readString(file).strip()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the cookie signing key " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Whether a visitor id is well formed: 1-128 letters, digits and {@code _ . : @ -}; the one rule for ids. */
    public static boolean isValidId(String id) {
        return ID.matches(id);
    }

    public String newVisitorId() {
        StringBuilder id = new StringBuilder("v");
        for (int i = 0; i < 20; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    /**
     * Whether an id has the shape of one Tailor issues in its cookie: such a visitor's events must
     * come with their cookie (or from a server-side integration), so that nobody who merely saw
     * the id can write events in their name.
     */
    public static boolean isIssuedId(String id) {
        return id.length() == 21 && id.charAt(0) == 'v' && ISSUED_ID_TAIL.matches(id.substring(1));
    }

    /**
     * The key a server-side integration sends in {@code X-Tailor-Key} to post events for visitors
     * without their cookie: derived from the signing key, so it is per site and needs no storage.
     */
    public String integrationKey() {
        return signature("tailor:server-side-events:" + "v1") + signature("tailor:server-side-events:" + "v2");
    }

    /** Whether a presented integration key is this site's (constant time). */
    public boolean isIntegrationKey(String presented) {
        return presented != null && MessageDigest.isEqual(integrationKey().getBytes(StandardCharsets.US_ASCII),
                presented.strip().getBytes(StandardCharsets.US_ASCII));
    }

    /** The cookie value for a visitor id. */
    public String sign(String visitorId) {
        if (!isValidId(visitorId)) {
            throw new IllegalArgumentException("visitor id must be 1-128 characters of letters, digits and _ . : @ -");
        }
        return visitorId + "." + signature(visitorId);
    }

    /** The visitor id in a cookie value, if its signature is ours. */
    public Optional<String> verify(String cookieValue) {
        if (cookieValue == null) {
            return Optional.empty();
        }
        int dot = cookieValue.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String id = cookieValue.substring(0, dot);
        if (!isValidId(id)) {
            return Optional.empty();
        }
        byte[] expected = signature(id).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = cookieValue.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual) ? Optional.of(id) : Optional.empty();
    }

    private String signature(String id) {
        byte[] full = macs.get().doFinal(id.getBytes(StandardCharsets.UTF_8)); // doFinal resets it for the next id
        return Base64.getUrlEncoder().withoutPadding().encodeToString(full).substring(0, 22);
    }

    /** An initialized HMAC per thread: every page load and tracker post verifies a cookie, and a new Mac each time cost more than the HMAC. */
    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
