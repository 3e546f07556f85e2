package io.countersign.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * One person's headless Debian Chromium, driven through Debian's chromedriver so nothing is downloaded. Each page a
 * test visits is saved as a full-page screenshot under {@code target/screenshots/}, to be looked at.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Selenium checks a wait's condition every 500 ms by default; a page that is ready sooner should not wait. */
    private static final Duration POLL = Duration.ofMillis(50);

    private final String baseUrl;
    private final String name;
    private final Path profile;
    private final ChromeDriver driver;
    private int shots;

    private Browser(String baseUrl, String name) {
        requireChromium();
        this.baseUrl = baseUrl;
        this.name = name;
        this.profile = tempDir();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
    }

    /** A fresh browser with its own profile, so its cookies and session are its own. */
    public static Browser open(int port, String name) {
        return new Browser("http://localhost:" + port, name);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Browser go(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    /** Signs in through the login form and waits for the first page after it. */
    public Browser signIn(String user) {
        go("/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys("demo");
        driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        waitFor(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        return this;
    }

    public String sessionId() {
        Cookie cookie = driver.manage().getCookieNamed("JSESSIONID");
        return cookie == null ? null : cookie.getValue();
    }

    public WebElement find(By by) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    public <T> T waitFor(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT, POLL).until(condition);
    }

    /** What the page's console said since the last call: CSP violations and script errors land here. */
    public List<String> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** Saves the whole page, not just the window, as {@code <test>-<n>-<page>.png}. */
    public Path screenshot(String test, String page) {
        Number width = (Number) driver.executeScript("return document.documentElement.scrollWidth");
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Path file = SCREENSHOTS.resolve("%s-%s-%02d-%s.png".formatted(test, name, ++shots, page));
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            FileSystemUtils.deleteRecursively(profile.toFile());
        }
    }

    private static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The browser tests drive Debian's Chromium: " + CHROMIUM + " and "
                    + CHROMEDRIVER + " must exist. Install them with: apt-get install chromium chromium-driver");
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("countersign-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
