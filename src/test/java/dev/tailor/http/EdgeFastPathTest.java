package dev.tailor.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.edge.ServedFile;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EdgeFastPathTest {

    @Test
    void gzipIsSentOnlyWhenTheClientTakesIt() {
        assertThat(EdgeFastPath.acceptsGzip("gzip, deflate, br")).isTrue();
        assertThat(EdgeFastPath.acceptsGzip("br;q=1.0, *;q=0.5")).isTrue();
        assertThat(EdgeFastPath.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(EdgeFastPath.acceptsGzip("identity")).isFalse();
        assertThat(EdgeFastPath.acceptsGzip(null)).isFalse();
    }

    @Test
    void eitherRepresentationsEtagRevalidates() {
        ServedFile file = ServedFile.of("body { color: red; }".repeat(40).getBytes(StandardCharsets.UTF_8), "text/css; charset=utf-8");
        assertThat(file.gzip()).isPresent();
        assertThat(EdgeFastPath.matches(file.etag(), file)).isTrue();
        assertThat(EdgeFastPath.matches("\"other\", W/" + file.gzipEtag(), file)).isTrue();
        assertThat(EdgeFastPath.matches("\"other\"", file)).isFalse();
        assertThat(EdgeFastPath.matches(null, file)).isFalse();
    }
}
