package dev.tailor.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.testing.GitCli;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * examples/lantern-books in real Chromium, as Tailor built it: the page renders with clsx from the
 * site's node_modules, its JSON data, its stylesheet and its image, and the script its own head loads
 * from public/ runs.
 */
class SiteOwnBuildInBrowserTest {

    @TempDir
    Path dir;

    @Test
    void theBookshopRendersWithItsOwnDependencyDataStylesImageAndHeadScript() throws Exception {
        HeadlessChromium.assumeInstalled();
        Path site = GitCli.commitCopy(Path.of("examples", "lantern-books"), dir.resolve("lantern"), "Lantern Books");
        TailorConfig config = TailorConfig.from(Map.of("TAILOR_DATA_DIR", dir.resolve("data").toString(), "TAILOR_PORT", "0",
                "ORIGINAL_REPO_PATH", site.toString()));
        try (TailorApp app = TailorApp.start(config, Clock.systemUTC()); HeadlessChromium browser = HeadlessChromium.desktop()) {
            browser.driver.get(app.baseUrl() + "/");
            JavascriptExecutor js = browser.driver;
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(
                    js.executeScript("return !!document.querySelector('[data-section=staff_picks]')")));

            assertThat(browser.driver.getTitle()).isEqualTo("Lantern Books — an independent bookshop");
            assertThat(js.executeScript("return document.querySelector('.new-releases li').textContent"))
                    .isEqualTo("The Salt Road — M. Okafor");
            assertThat(js.executeScript("return document.querySelector('.staff-picks').className")).isEqualTo("card staff-picks");
            assertThat(js.executeScript("return getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(251, 247, 239)");
            new WebDriverWait(browser.driver, Duration.ofSeconds(5)).until(d -> Boolean.TRUE.equals(
                    js.executeScript("var i = document.querySelector('.masthead img'); return i.complete && i.naturalWidth > 0")));
            assertThat(js.executeScript("return window.lanternOpeningHours")).isEqualTo("Mon–Sat 9:00–18:00");
        }
    }
}
