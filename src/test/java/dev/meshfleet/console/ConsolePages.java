package dev.meshfleet.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import dev.meshfleet.support.Browser;

/** What the console's page tests do on a page: open it, wait for it, type into it, read it, photograph it. */
final class ConsolePages {
    /** Where screenshots go: docs/screenshots with -Dmeshfleet.screenshots=docs/screenshots, else target/screenshots. */
    private static final Path SHOTS = Path.of(System.getProperty("meshfleet.screenshots", "target/screenshots"));

    private ConsolePages() {
    }

    /** The URL of a console page for a tenant, with more query parameters ({@code a=1&b=2}) or none (""). */
    static String page(java.net.URL console, String tenant, String page, String query) {
        return console + page + ".html?tenant=" + tenant + (query.isEmpty() ? "" : "&" + query);
    }

    /** Opens a console page and waits until its script has drawn it (body[data-loaded]). */
    static void open(WebDriver driver, String url) {
        driver.get(url);
        awaitLoaded(driver);
    }

    static void awaitLoaded(WebDriver driver) {
        Browser.await(driver, Duration.ofSeconds(20),
                d -> "true".equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.loaded")));
        // accessible basics on every page the tests open: each control is named (a label, aria-label or its text)
        Object unnamed = ((JavascriptExecutor) driver).executeScript("return [...document.querySelectorAll("
                + "'input, select, textarea, button')].filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length)"
                + " && !e.getAttribute('aria-label') && !(e.tagName === 'BUTTON' && e.textContent.trim()))"
                + ".map(e => e.outerHTML.slice(0, 120))");
        if (unnamed instanceof java.util.List<?> list && !list.isEmpty()) {
            throw new AssertionError("controls without a name on " + driver.getCurrentUrl() + ": " + list);
        }
    }

    /** Waits until the element's text contains {@code text}; returns the element. */
    static WebElement awaitText(WebDriver driver, By by, String text) {
        return awaitText(driver, by, text, Duration.ofSeconds(20));
    }

    static WebElement awaitText(WebDriver driver, By by, String text, Duration timeout) {
        return Browser.await(driver, timeout, d -> d.findElements(by).stream()
                .filter(e -> e.getText().contains(text)).findFirst().orElse(null));
    }

    static boolean present(WebDriver driver, By by) {
        return !driver.findElements(by).isEmpty();
    }

    static void type(WebDriver driver, String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Replaces the intent editor's text as a paste would, and lets the page react (an input event). */
    static void setEditor(WebDriver driver, String text) {
        ((JavascriptExecutor) driver).executeScript("""
                const e = document.getElementById('intent');
                e.value = arguments[0];
                e.dispatchEvent(new Event('input', {bubbles: true}));""", text);
    }

    static String editor(WebDriver driver) {
        return (String) ((JavascriptExecutor) driver).executeScript("return document.getElementById('intent').value");
    }

    static void screenshot(WebDriver driver, String name) {
        try {
            Files.createDirectories(SHOTS);
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("could not save the screenshot " + name, e);
        }
    }
}
