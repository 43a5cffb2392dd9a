package dev.tailor.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A file as the edge serves it, prepared once rather than per request: its bytes, its gzip form
 * (compressed once at the best level, kept only for text types and only when smaller), and a strong
 * ETag of its content (the gzip form's ETag is told apart, since it is another representation).
 * A file the edge holds has both forms also as read-only direct buffers ({@link #direct()}): the
 * socket writes those as they are, where a heap buffer is copied into a temporary direct one on
 * every write attempt (all of what remains, again after each partial write of a large bundle).
 *
 * @param bytes       the file's content
 * @param contentType its media type, with the charset for text
 * @param gzip        the content gzip-compressed, when that is worth sending
 * @param etag        a strong validator of {@code bytes}, quoted, e.g. {@code "Xq3…"}
 * @param body        {@code bytes} as a read-only buffer to write: {@link ByteBuffer#slice()} it per response
 * @param gzipBody    {@code gzip} likewise
 */
public record ServedFile(byte[] bytes, String contentType, Optional<byte[]> gzip, String etag, ByteBuffer body,
                         Optional<ByteBuffer> gzipBody) {

    /** Below this a gzip body saves too little to be worth a client's inflating it. */
    static final int MIN_GZIP_BYTES = 256;

    /** The file with its gzip form and ETag computed now. */
    public static ServedFile of(byte[] bytes, String contentType) {
        Optional<byte[]> gzip = compressible(contentType) ? gzipped(bytes) : Optional.empty();
        return new ServedFile(bytes, contentType, gzip, etagOf(bytes), ByteBuffer.wrap(bytes).asReadOnlyBuffer(),
                gzip.map(g -> ByteBuffer.wrap(g).asReadOnlyBuffer()));
    }

    /** This file with its bodies copied once into direct memory, for a file held and served many times. */
    ServedFile direct() {
        return new ServedFile(bytes, contentType, gzip, etag, directCopy(bytes), gzip.map(ServedFile::directCopy));
    }

    private static ByteBuffer directCopy(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }

    /** The ETag of the gzip form: another representation, so another strong validator. */
    public String gzipEtag() {
        return etag.substring(0, etag.length() - 1) + "-gzip\"";
    }

    /** What holding this file costs, for the memory budget of {@link ArtifactFiles}. */
    long heldBytes() {
        long heap = bytes.length + gzip.map(g -> (long) g.length).orElse(0L);
        return body.isDirect() ? 2 * heap : heap;
    }

    private static boolean compressible(String contentType) {
        return contentType.startsWith("text/") || contentType.startsWith("application/json")
                || contentType.startsWith("application/xml") || contentType.startsWith("application/manifest+json")
                || contentType.startsWith("image/svg+xml");
    }

    private static Optional<byte[]> gzipped(byte[] bytes) {
        if (bytes.length < MIN_GZIP_BYTES) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION); // once per file, so the smallest body
            }
        }) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        byte[] compressed = out.toByteArray();
        return compressed.length < bytes.length ? Optional.of(compressed) : Optional.empty();
    }

    private static String etagOf(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
