package dev.meshfleet.support;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium through Debian's chromedriver (installed by scripts/browser-test-tools; Selenium downloads
 * nothing). One chromedriver per test run; each {@link #open()} is a fresh browser profile (no cookies), so a test
 * logs in as whom it needs.
 */
public final class Browser {
    private static ChromeDriverService service;

    private Browser() {
    }

    public static synchronized RemoteWebDriver open() {
        if (service == null) {
            try {
                KeycloakServer.Tools.install("chromium");
                service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                        .usingAnyFreePort().build();
                service.start();
                Runtime.getRuntime().addShutdownHook(new Thread(service::stop));
            } catch (IOException e) {
                throw new IllegalStateException("could not start chromedriver", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000");
        RemoteWebDriver driver = new RemoteWebDriver(service.getUrl(), options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Waits (polling, with a deadline) until the condition holds and returns its value. */
    public static <T> T await(WebDriver driver, Duration timeout, Function<WebDriver, T> condition) {
        try {
            // pages redraw what they show: an element read while it is replaced is read again on the next poll
            return new WebDriverWait(driver, timeout, Duration.ofMillis(50))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            String source = driver.getPageSource();
            throw new AssertionError("timed out after " + timeout + " at " + driver.getCurrentUrl() + "; page: "
                    + (source == null ? "" : source.substring(0, Math.min(2000, source.length()))), e);
        }
    }

    public static WebElement awaitVisible(WebDriver driver, By by) {
        return await(driver, Duration.ofSeconds(20), d -> {
            var found = d.findElements(by);
            return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
        });
    }
}
