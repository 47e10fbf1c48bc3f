package io.omnimargin.service.explorer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its own chromedriver (never a downloaded browser):
 * {@code apt-get install chromium chromium-driver}, which {@code .ci/run} does when missing.
 */
final class Browser implements AutoCloseable {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  final ChromeDriver driver;

  Browser(int width, int height) {
    if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
      throw new IllegalStateException(
          "the browser tests need Debian's chromium and chromium-driver:"
              + " apt-get install -y chromium chromium-driver");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    driver.manage().window().setSize(new Dimension(width, height));
  }

  void open(String url) {
    driver.get(url);
  }

  Object script(String js, Object... args) {
    return driver.executeScript(js, args);
  }

  /** Saves a full-page PNG under target/screenshots for people to look at. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The console's errors since the last call (a refused script or style shows up here). */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
