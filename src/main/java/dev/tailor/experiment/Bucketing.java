package dev.tailor.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Puts a visitor in a stable bucket from 0 to 9,999 per variant: the same visitor always lands
 * in the same bucket, so raising a rollout's percent only moves control visitors into treatment,
 * never the other way; and buckets of different variants are independent.
 */
public final class Bucketing {

    public static final int BUCKETS = 10_000;

    private Bucketing() {
    }

    /**
     * Per thread: the digest (looking SHA-256 up per call cost as much as hashing, JMH), a buffer the
     * key's bytes are written into and one the digest is written into, so a call allocates nothing.
     */
    private static final class Hasher {
        final MessageDigest sha;
        final byte[] input = new byte[256];
        final byte[] digest = new byte[32];

        Hasher() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }
    }

    private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

    /** SHA-256 of the UTF-8 bytes of {@code variantKey + '\n' + userId}: its first four bytes, mod {@link #BUCKETS}. */
    public static int bucket(String variantKey, String userId) {
        Hasher h = HASHER.get();
        int length = variantKey.length() + 1 + userId.length();
        byte[] d;
        if (length <= h.input.length && ascii(variantKey, h.input, 0) && ascii(userId, h.input, variantKey.length() + 1)) {
            // the usual keys (hex hashes, the server's visitor ids) are ASCII: their UTF-8 is one byte a char
            h.input[variantKey.length()] = '\n';
            h.sha.update(h.input, 0, length);
            try {
                h.sha.digest(h.digest, 0, h.digest.length);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException("SHA-256 did not fit its 32 bytes", e);
            }
            d = h.digest;
        } else {
            h.sha.update(variantKey.getBytes(StandardCharsets.UTF_8));
            h.sha.update((byte) '\n');
            d = h.sha.digest(userId.getBytes(StandardCharsets.UTF_8));
        }
        int n = ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
        return Integer.remainderUnsigned(n, BUCKETS);
    }

    /** Copies {@code s} into {@code out} at {@code from} when every char is ASCII; false (out half-written) otherwise. */
    private static boolean ascii(String s, byte[] out, int from) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return false;
            }
            out[from + i] = (byte) c;
        }
        return true;
    }

    /** Whether the visitor is in treatment at this percent. */
    public static boolean inTreatment(String variantKey, String userId, int percent) {
        return bucket(variantKey, userId) < percent * (BUCKETS / 100);
    }
}
