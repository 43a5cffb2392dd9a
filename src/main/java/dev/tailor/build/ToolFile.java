package dev.tailor.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * A native file Tailor runs or loads (esbuild, swc4j's library), extracted from a jar into the
 * data directory's tools folder and checked by SHA-256 before every use. The folder is the
 * owner's alone (0700), a file already there is used only when it is a regular file (not a link)
 * with the pinned hash, and anything else is replaced: a file planted by another user of the
 * machine is never run (the attack on swc4j's predictable {@code /tmp/swc4j/<pid>/}).
 */
final class ToolFile {

    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private ToolFile() {
    }

    /**
     * @param resource    the file's path on the classpath
     * @param target      where it goes, inside the tools folder
     * @param sha256      the pinned hash of the file, lower-case hex
     * @param permissions the file's permissions once in place
     * @throws IOException when the resource is missing or its bytes are not the pinned ones
     */
    static Path extract(ClassLoader classLoader, String resource, Path target, String sha256,
                        Set<PosixFilePermission> permissions, String missingHint) throws IOException {
        URL url = classLoader.getResource(resource);
        if (url == null) {
            throw new IOException(resource + " is not on the classpath; " + missingHint);
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        ownerOnly(dir);
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && sha256.equals(sha256Of(target))) {
            return target;
        }
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + "-", ".part"); // 0600
        try {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false); // else the jar stays open after the copy
            String copied;
            try (DigestInputStream in = new DigestInputStream(connection.getInputStream(), sha256());
                 OutputStream out = Files.newOutputStream(temp)) {
                in.transferTo(out);
                copied = HexFormat.of().formatHex(in.getMessageDigest().digest());
            }
            if (!copied.equals(sha256)) {
                throw new IOException(resource + " has SHA-256 " + copied + ", not the pinned " + sha256
                        + ": the jar on the classpath is not the one Tailor was built with");
            }
            setPermissions(temp, permissions);
            Files.deleteIfExists(target); // a link or a foreign file: removed, never written through
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** The SHA-256 of a file, lower-case hex. */
    static String sha256Of(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), sha256())) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        }
    }

    /** Makes a folder the owner's alone, so nobody else can swap a checked file before it is used. */
    private static void ownerOnly(Path dir) throws IOException {
        setPermissions(dir, OWNER_ONLY_DIR);
    }

    private static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: the hash check still guards what is run
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
