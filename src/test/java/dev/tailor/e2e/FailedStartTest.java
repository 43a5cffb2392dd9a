package dev.tailor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails half-way (here: the port is taken) leaves nothing running behind it. */
class FailedStartTest {

    @TempDir
    Path dir;

    @Test
    void aPortInUseFailsTheStartAndStopsEverythingItHadStarted() throws Exception {
        List<Thread> before = tailorThreads();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Map<String, String> env = Map.of("TAILOR_DATA_DIR", dir.toString(), "TAILOR_PORT", String.valueOf(taken.getLocalPort()),
                    "TAILOR_HOST", "127.0.0.1");
            assertThatThrownBy(() -> TailorApp.start(TailorConfig.from(env), Clock.systemUTC()))
                    .hasMessageContaining("Port already in use");
            Thread.sleep(200); // threads stopping after close() have finished by now
            assertThat(tailorThreads()).as("threads left behind").isSubsetOf(before);
        }
        // and the same data directory starts cleanly afterwards
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dir.toString(), "TAILOR_PORT", "0")),
                Clock.systemUTC())) {
            assertThat(app.port()).isPositive();
        }
    }

    private static List<Thread> tailorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("tailor-")).toList();
    }
}
