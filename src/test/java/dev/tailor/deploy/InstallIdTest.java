package dev.tailor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallIdTest {

    @TempDir
    Path dir;

    @Test
    void anInstallationKeepsItsIdAndAnotherGetsItsOwn() throws IOException {
        String first = InstallId.in(dir.resolve("one"));

        assertThat(first).matches("[a-z0-9]{8}");
        assertThat(InstallId.in(dir.resolve("one"))).as("after a restart").isEqualTo(first);
        assertThat(InstallId.in(dir.resolve("two"))).isNotEqualTo(first);
    }

    @Test
    void aDamagedIdFileIsNamedWithItsFix() throws IOException {
        Files.writeString(dir.resolve(InstallId.FILE_NAME), "Not An Id");

        assertThatThrownBy(() -> InstallId.in(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve(InstallId.FILE_NAME).toString())
                .hasMessageContaining("not 'Not An Id'")
                .hasMessageContaining("delete the file to make a new id");
    }
}
