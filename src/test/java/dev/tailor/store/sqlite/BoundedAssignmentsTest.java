package dev.tailor.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.variant.LiveVariant;
import dev.tailor.variant.VariantCatalog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VariantCatalog holds a bounded number of assignments; a forgotten visitor's is read back from SQLite. */
class BoundedAssignmentsTest {

    @TempDir
    Path dir;

    @Test
    void aVisitorWhoseAssignmentWasForgottenIsStillRoutedToTheirVariant() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            VariantCatalog catalog = new VariantCatalog(new SqliteVariantStore(db), "base", 2);
            LiveVariant analytics = new LiveVariant("p1", "base", "analytics-first", "analytics_first", "c0ffee",
                    "artifact-p1", "deployment-p1", "http://localhost/artifacts/p1/", 1);
            catalog.addVariant(analytics);
            catalog.assign("ann", analytics, 10);
            catalog.assign("bob", analytics, 11);
            catalog.assign("cy", analytics, 12);
            assertThat(catalog.assignedCount()).isEqualTo(2);

            assertThat(catalog.variantOf("ann")).contains(analytics); // from the store, held again
            assertThat(catalog.assignedCount()).isEqualTo(2);
            assertThat(catalog.variantOf("bob")).contains(analytics); // forgotten when ann came back
            assertThat(catalog.variantOf("nobody")).isEmpty();

            catalog.variantOf("cy"); // bob is forgotten again; unassigning him reaches the store all the same
            assertThat(catalog.unassign("bob")).isTrue();
            assertThat(catalog.variantOf("bob")).isEmpty();
            // a restart loads the bound's worth and still finds the others in the store
            VariantCatalog restarted = new VariantCatalog(new SqliteVariantStore(db), "base", 1);
            assertThat(restarted.variantOf("ann")).contains(analytics);
            assertThat(restarted.variantOf("cy")).contains(analytics);
        }
    }
}
