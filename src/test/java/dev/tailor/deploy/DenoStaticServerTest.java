package dev.tailor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.build.EsbuildBinary;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenoStaticServerTest {

    @TempDir
    Path dir;

    @Test
    void theGeneratedServerIsValidTypeScript() throws Exception {
        // no Deno here; esbuild's TypeScript parser at least proves the file parses
        EsbuildBinary esbuild = EsbuildBinary.extractInto(dir.resolve("tools"));
        for (Optional<URI> origin : java.util.List.of(Optional.<URI>empty(), Optional.of(URI.create("https://tailor.example.com")))) {
            Path main = dir.resolve("main.ts");
            Files.writeString(main, DenoStaticServer.source(origin));
            Process process = new ProcessBuilder(esbuild.path().toString(), main.toString(), "--loader:.ts=ts", "--log-level=error", "--color=false")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("esbuild.out").toFile()).start();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(dir.resolve("esbuild.out"))).isZero();
        }
    }

    @Test
    void theTrackerIsForwardedOnlyWhenTailorsOriginIsKnown() {
        assertThat(DenoStaticServer.source(Optional.empty())).contains("const TAILOR_ORIGIN = \"\";");
        assertThat(DenoStaticServer.source(Optional.of(URI.create("https://tailor.example.com/"))))
                .contains("const TAILOR_ORIGIN = \"https://tailor.example.com\";");
    }

    @Test
    void anOriginThatCouldBreakOutOfTheStringIsRefused() {
        assertThatThrownBy(() -> FreestyleConfig.withKey("k").withTailorOrigin(URI.create("https://x.com/a?b=%22")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bare http(s) origin");
    }
}
