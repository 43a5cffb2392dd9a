package dev.tailor.e2e;

import static dev.tailor.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tailor.TailorApp;
import dev.tailor.config.InvalidSiteContractException;
import dev.tailor.config.TailorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A site whose original sets no data-section could never be personalized: Tailor refuses to start, saying why. */
class SiteWithoutSectionsTest {

    @TempDir
    Path dir;

    @Test
    void startUpFailsNamingTheFix() throws Exception {
        Path site = dir.resolve("site");
        Files.createDirectories(site.resolve("src"));
        Files.writeString(site.resolve("src/Shop.jsx"), """
                function Banner() { return <section className="banner"><h1>Sale</h1></section>; }
                function Offers() { return <section className="offers">Two for one</section>; }
                export function Shop() { return (<main><Banner /><Offers /></main>); }
                """);
        Files.writeString(site.resolve("tailor.json"), """
                {"name":"shop","title":"Shop","page":"src/Shop.jsx","component":"Shop",
                 "sections":{"Banner":{"topics":["brand"]},"Offers":{"topics":["deals"]}},
                 "brand":{"palette":["#000000"],"fonts":["serif"]}}
                """);
        git(site, "init", "-q", "-b", "main");
        git(site, "add", "-A");
        git(site, "commit", "-q", "-m", "a shop without section markers");

        InvalidSiteContractException e = catchThrowableOfType(() -> TailorApp.start(TailorConfig.from(Map.of(
                "TAILOR_DATA_DIR", dir.resolve("data").toString(), "TAILOR_PORT", "0", "ORIGINAL_REPO_PATH", site.toString())),
                Clock.systemUTC()), InvalidSiteContractException.class);
        assertThat(e).as("start-up refused").isNotNull();
        assertThat(e.problems()).singleElement().asString()
                .startsWith("the original site renders no element with a data-section attribute")
                .contains("no visitor would be personalized")
                .contains("<section data-section=\"banner\">");
    }
}
