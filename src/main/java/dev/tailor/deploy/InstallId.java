package dev.tailor.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A random id made once per installation and kept in its data directory ({@value #FILE_NAME}), so the
 * names it claims in shared namespaces (Freestyle's {@code *.style.dev}) are its own across restarts and
 * never another installation's.
 */
public final class InstallId {

    public static final String FILE_NAME = "install-id";
    private static final Pattern VALID = Pattern.compile("[a-z0-9]{8}");

    private InstallId() {
    }

    /** The id in {@code dataDir}, made and written there on first use. */
    public static String in(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            byte[] random = new byte[4];
            new SecureRandom().nextBytes(random);
            Files.createDirectories(dataDir);
            try {
                Files.writeString(file, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII,
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException raced) {
                // another node of this installation made it first: that one is the id
            }
        }
        String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return require(id);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage() + "; delete the file to make a new id (the domains named"
                    + " after the old one are then left to expire in Freestyle)", e);
        }
    }

    static String require(String id) {
        if (id == null || !VALID.matcher(id).matches()) {
            throw new IllegalArgumentException("an install id is 8 of a-z and 0-9, not '" + id + "'");
        }
        return id;
    }
}
