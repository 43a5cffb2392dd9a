package dev.tailor.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package arrows of docs/architecture.md, checked on the compiled classes so that they stay
 * true: one-way arrows between packages, a shared vocabulary that depends on nothing of Tailor's,
 * HTTP only in {@code http}, SQL only in the store adapters, Kafka only in {@code stream}, and
 * features that see their store ports, never an adapter (the composition root picks the adapters).
 */
class PackageArrowsTest {

    /** Packages everything may import, that import nothing of Tailor's but {@link #WIRE}. */
    private static final String[] VOCABULARY = {"plan", "visitor", "page", "variant", "schedule"};

    /** The wire names of enums: below the vocabulary, it imports nothing of Tailor's at all. */
    private static final String WIRE = "dev.tailor.wire..";

    private static JavaClasses tailor;

    @BeforeAll
    static void importMainClasses() {
        tailor = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tailor");
    }

    @Test
    void noPackageImportsOneThatImportsItBack() {
        slices().matching("dev.tailor.(**)").should().beFreeOfCycles().check(tailor);
    }

    @Test
    void theSharedVocabularyImportsNothingOfTailors() {
        for (String vocabulary : VOCABULARY) {
            String own = "dev.tailor." + vocabulary + "..";
            noClasses().that().resideInAPackage(own).should().dependOnClassesThat(
                    resideInAPackage("dev.tailor..").and(resideOutsideOfPackage(own)).and(resideOutsideOfPackage(WIRE)))
                    .check(tailor);
        }
        noClasses().that().resideInAPackage(WIRE).should().dependOnClassesThat(
                resideInAPackage("dev.tailor..").and(resideOutsideOfPackage(WIRE))).check(tailor);
    }

    @Test
    void onlyHttpSpeaksHttp() {
        noClasses().that().resideOutsideOfPackages("dev.tailor.http..").and().resideInAPackage("dev.tailor.*..")
                .should().dependOnClassesThat().resideInAPackage("io.javalin..")
                .check(tailor);
        // proxy mode's reverse proxy (Jetty's servlets, client, headers) is HTTP too
        noClasses().that().resideOutsideOfPackages("dev.tailor.http..").and().resideInAPackage("dev.tailor.*..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..", "jakarta.servlet..")
                .check(tailor);
    }

    @Test
    void onlyTheStoreAdaptersSpeakSql() {
        noClasses().that().resideOutsideOfPackages("dev.tailor.store.sqlite..", "dev.tailor.store.postgres..",
                        "dev.tailor.store.sql..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..", "org.postgresql..",
                        "com.zaxxer.hikari..", "org.flywaydb..")
                .check(tailor);
        // the SQL both share is plain JDBC: no driver, and neither adapter
        noClasses().that().resideInAPackage("dev.tailor.store.sql..")
                .should().dependOnClassesThat().resideInAnyPackage("org.sqlite..", "org.postgresql..", "com.zaxxer.hikari..",
                        "org.flywaydb..", "dev.tailor.store.sqlite..", "dev.tailor.store.postgres..")
                .check(tailor);
        // each adapter speaks its own database only
        noClasses().that().resideInAPackage("dev.tailor.store.sqlite..")
                .should().dependOnClassesThat().resideInAnyPackage("org.postgresql..", "com.zaxxer.hikari..", "org.flywaydb..",
                        "dev.tailor.store.postgres..")
                .check(tailor);
        noClasses().that().resideInAPackage("dev.tailor.store.postgres..")
                .should().dependOnClassesThat().resideInAnyPackage("org.sqlite..", "dev.tailor.store.sqlite..")
                .check(tailor);
    }

    @Test
    void onlyTheStreamSpeaksKafka() {
        noClasses().that().resideOutsideOfPackage("dev.tailor.stream..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .check(tailor);
    }

    @Test
    void featuresSeeTheirStorePortsOnlyNeverAnAdapter() {
        noClasses().that().resideInAPackage("dev.tailor.*..").and().resideOutsideOfPackage("dev.tailor.store..")
                .should().dependOnClassesThat().resideInAPackage("dev.tailor.store..")
                .check(tailor);
    }

    @Test
    void noFeatureDependsOnTheCompositionRoot() {
        noClasses().that().resideInAPackage("dev.tailor.*..")
                .should().dependOnClassesThat().resideInAPackage("dev.tailor")
                .check(tailor);
    }
}
