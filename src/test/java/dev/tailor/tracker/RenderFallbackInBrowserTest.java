package dev.tailor.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.build.Artifact;
import dev.tailor.build.EsbuildBinary;
import dev.tailor.build.NodeModules;
import dev.tailor.build.SiteBuilder;
import dev.tailor.config.TailorConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A build that compiles but throws when it renders marks itself failed in the browser, so that
 * the edge serves that browser the original site; a build that renders does not.
 */
class RenderFallbackInBrowserTest {

    @TempDir
    Path dir;

    @Test
    void aBuildThatThrowsWhileRenderingAsksForTheOriginalAndOneThatRendersDoesNot() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (TailorApp app = TailorApp.start(TailorConfig.from(Map.of("TAILOR_DATA_DIR", dir.toString(), "TAILOR_PORT", "0")),
                Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.desktop()) {
            SiteBuilder builder = new SiteBuilder(EsbuildBinary.extractInto(app.components().config().toolsDir()),
                    NodeModules.extractInto(app.components().config().toolsDir()), app.components().config().artifactsDir());
            Artifact broken = builder.build(Path.of("src/test/resources/build-fixtures/tiny-site"), "src/main.jsx", "Broken",
                    Map.of("src/components/Homepage.jsx",
                            "export default function Homepage() { throw new Error('broken variant'); }\n"));

            browser.driver.get(app.baseUrl() + "/artifacts/" + broken.id() + "/index.html");
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> d.manage().getCookieNamed(Artifact.RENDER_FAILED_COOKIE) != null);
            Cookie fallback = browser.driver.manage().getCookieNamed(Artifact.RENDER_FAILED_COOKIE);
            assertThat(fallback.getValue()).isEqualTo(broken.id());

            browser.driver.manage().deleteAllCookies();
            browser.driver.get(app.baseUrl() + "/");
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d)
                    .executeScript("return document.getElementById('root').children.length > 0")));
            Thread.sleep(4_000); // past the watchdog's 3 s: a page that rendered is never marked failed
            assertThat(browser.driver.manage().getCookieNamed(Artifact.RENDER_FAILED_COOKIE)).isNull();
        }
    }
}
