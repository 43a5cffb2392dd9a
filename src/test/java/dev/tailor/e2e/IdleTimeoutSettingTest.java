package dev.tailor.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code TAILOR_IDLE_TIMEOUT} reaches the connector Javalin adds after Tailor's server settings ran
 * (it once met no connector, and Jetty's own 30 s applied whatever the setting said).
 */
class IdleTimeoutSettingTest {

    @TempDir
    Path dataDir;

    @Test
    void aKeptAliveConnectionIdleForTheSettingIsClosedByTheServer() throws Exception {
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dataDir.toString(),
                "TAILOR_PORT", "0", "TAILOR_IDLE_TIMEOUT", "1s")), Clock.systemUTC());
             Socket socket = new Socket(URI.create(app.baseUrl()).getHost(), URI.create(app.baseUrl()).getPort())) {
            socket.setSoTimeout(20_000); // far above the setting, far below Jetty's default of 30 s
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            int b;
            // the answer, then the end of the stream once the server closes the idle connection
            while ((b = in.read()) != -1) {
                answer.append((char) b);
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 ");
            assertThat(answer.toString()).doesNotContain("Connection: close"); // kept alive, then closed as idle
        }
    }
}
