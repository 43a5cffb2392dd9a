package dev.tailor.tracker;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver: the driver binary is given
 * explicitly so Selenium Manager never runs and nothing is downloaded. Each browser gets a fresh
 * profile directory, removed again on {@link #close}.
 */
final class HeadlessChromium implements AutoCloseable {

    static final File BROWSER = new File("/usr/bin/chromium");
    static final File DRIVER = new File("/usr/bin/chromedriver");

    static final String IPHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    static final String IPAD_UA = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profileDir;

    private HeadlessChromium(ChromeOptions options) throws IOException {
        profileDir = Files.createTempDirectory("tailor-chromium-");
        options.setBinary(BROWSER);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profileDir);
        service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
        ChromeDriver started;
        try {
            started = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteProfile();
            throw e;
        }
        driver = started;
        // a headless window never has the operating system's focus, and since Chromium 150 a page driven by
        // chromedriver says so (document.hasFocus() false), so the tracker would count no engaged time;
        // DevTools' focus emulation makes the tab behave as the focused one a person reads
        driver.executeCdpCommand("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
    }

    /** Skips the calling test, saying why, when Debian's chromium or chromedriver is not installed. */
    static void assumeInstalled() {
        assumeTrue(BROWSER.canExecute() && DRIVER.canExecute(),
                "browser tests need Debian's chromium and chromium-driver (" + BROWSER + ", " + DRIVER
                        + "): apt-get install -y chromium chromium-driver");
        System.setProperty("webdriver.chrome.driver", DRIVER.getPath());
    }

    /** A desktop-sized browser window. */
    static HeadlessChromium desktop() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.addArguments("--window-size=1280,900");
        return new HeadlessChromium(options);
    }

    /** A desktop browser window of the given size (e.g. a laptop's 1280×600). */
    static HeadlessChromium desktop(int width, int height) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.addArguments("--window-size=" + width + "," + height);
        return new HeadlessChromium(options);
    }

    /** A desktop browser that sends another {@code User-Agent} (e.g. a plain Chrome's, hiding "HeadlessChrome"). */
    static HeadlessChromium desktopWithUserAgent(String userAgent) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.addArguments("--window-size=1280,900", "--user-agent=" + userAgent);
        return new HeadlessChromium(options);
    }

    /** A desktop browser with extra Chrome preferences (e.g. {@code enable_do_not_track}). */
    static HeadlessChromium desktopWithPrefs(Map<String, Object> prefs) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.addArguments("--window-size=1280,900");
        options.setExperimentalOption("prefs", prefs);
        return new HeadlessChromium(options);
    }

    /** Chrome's device emulation: the screen, touch and user agent of a phone or tablet. */
    static HeadlessChromium emulating(int width, int height, double pixelRatio, String userAgent) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("mobileEmulation", Map.of(
                "deviceMetrics", Map.of("width", width, "height", height, "pixelRatio", pixelRatio, "mobile", true, "touch", true),
                "userAgent", userAgent));
        return new HeadlessChromium(options);
    }

    /**
     * The visitor turns to another window: the page loses focus (blur). A background tab alone no longer
     * does it, since Chromium 150's headless tabs all stay visible.
     */
    void loseFocus() {
        driver.executeCdpCommand("Emulation.setFocusEmulationEnabled", Map.of("enabled", false));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profileDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory; the OS cleans up what is left
        }
    }
}
