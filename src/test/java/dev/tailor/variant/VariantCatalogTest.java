package dev.tailor.variant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.store.sqlite.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariantCatalogTest {

    @TempDir
    Path dir;

    @Test
    void twoPlansOfTheSameNameNeverShareAnAudienceEvenBeforeEitherIsLive() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            VariantCatalog catalog = new VariantCatalog(db, "base1");
            String first = catalog.reserveAudience("simplified_flow", "aaaaaaaa11111111", "base1");
            String second = catalog.reserveAudience("simplified_flow", "bbbbbbbb22222222", "base1");
            assertThat(first).isEqualTo("simplified-flow");
            assertThat(second).isEqualTo("simplified-flow-bbbbbb");
            assertThat(catalog.reserveAudience("simplified_flow", "aaaaaaaa11111111", "base1")).as("same plan, same name")
                    .isEqualTo(first);
        }
    }
}
