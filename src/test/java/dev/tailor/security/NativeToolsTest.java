package dev.tailor.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.caoccao.javet.swc4j.Swc4j;
import dev.tailor.build.EsbuildBinary;
import dev.tailor.build.Swc4jLibrary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native-library hijack: swc4j wrote its .so to a predictable {@code /tmp/swc4j/<pid>/} and
 * loaded a file already there, and esbuild was reused when only its size matched. Now both are
 * extracted into an owner-only tools folder and a file whose SHA-256 is not the pinned one —
 * planted, swapped for a link, or a same-sized fake — is replaced before it is run or loaded.
 */
class NativeToolsTest {

    @TempDir
    Path tools;

    @Test
    void aPlantedSwc4jLibraryIsReplacedAndTheFolderIsTheOwnersAlone() throws Exception {
        Path dir = tools.resolve("swc4j-" + Swc4jLibrary.VERSION);
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path planted = dir.resolve("libswc4j-linux-x86_64.v." + Swc4jLibrary.VERSION + ".so");
        Files.writeString(planted, "not the library");
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("r--r--r--"));

        Path library = Swc4jLibrary.install(tools);

        assertThat(library).isEqualTo(planted);
        assertThat(Files.size(library)).isGreaterThan(1_000_000);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(library))).isEqualTo("rw-------");
        // and swc4j works (it loads this file, or the one it already loaded in this JVM)
        assertThat(new Swc4j().getVersion()).isNotBlank();
    }

    @Test
    void aFreshTailorLoadsSwc4jFromItsToolsFolderAndNothingFromTmp(@TempDir Path data) throws Exception {
        Path tmp = Files.createDirectories(data.resolve("tmp"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder rebuild = new ProcessBuilder(javaBin, "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                "dev.tailor.Tailor", "profiles", "rebuild").redirectErrorStream(true);
        rebuild.environment().putAll(dev.tailor.track.RunningTailor.settings(data, java.util.Map.of()));
        Process process = rebuild.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(data.resolve("tools/swc4j-" + Swc4jLibrary.VERSION + "/libswc4j-linux-x86_64.v." + Swc4jLibrary.VERSION + ".so"))
                .isRegularFile();
        assertThat(tmp.resolve("swc4j")).doesNotExist();
    }

    @Test
    void aSameSizedFakeEsbuildOrALinkIsReplacedNotRun() throws Exception {
        Path binary = EsbuildBinary.extractInto(tools).path();
        byte[] fake = new byte[(int) Files.size(binary)];
        byte[] script = "#!/bin/sh\necho hijacked\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(script, 0, fake, 0, script.length);
        Files.write(binary, fake); // same size: the old size check reused it

        EsbuildBinary.extractInto(tools);
        assertThat(Files.readAllBytes(binary)).isNotEqualTo(fake);

        Path elsewhere = tools.resolve("elsewhere");
        Files.write(elsewhere, fake);
        Files.delete(binary);
        Files.createSymbolicLink(binary, elsewhere);
        EsbuildBinary.extractInto(tools);
        assertThat(Files.isSymbolicLink(binary)).isFalse();
        assertThat(Files.readAllBytes(elsewhere)).isEqualTo(fake); // never written through the link
        Process version = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
        assertThat(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .isEqualTo(EsbuildBinary.BUNDLED_VERSION);
    }
}
