package io.midwatch.webapps;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium per test class, driven through Debian's {@code chromedriver} (packages
 * {@code chromium} and {@code chromium-driver}), so that Selenium downloads nothing. Without them the class's
 * tests are skipped, with one line that says what to install; with {@code MIDWATCH_BROWSER_TESTS=required}
 * (as CI sets it) they fail instead. A step that fails leaves a screenshot of the page and its HTML in
 * {@code target/browser-screenshots/<test class>-<test>-<step>.png} (and {@code .html}).
 */
final class Browser implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, AfterAllCallback,
        TestWatcher {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

    /** The webapps load their scripts and talk to the engine REST API: generous for a busy 2-core machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final boolean REQUIRED = "required".equalsIgnoreCase(System.getenv("MIDWATCH_BROWSER_TESTS"));

    private WebDriver driver;
    private String testName = "";
    private boolean stepShot;

    /** Skips the class when the browser is missing, unless the browser tests are required. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<Path> missing = missingProgram();
        if (missing.isEmpty() || REQUIRED) {
            return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed, or required");
        }
        String reason = "Browser tests skipped: " + missing.get() + " is missing (apt-get install -y chromium "
                + "chromium-driver runs them; CI requires them)";
        if (context.getTestMethod().isEmpty()) {
            System.out.println(context.getRequiredTestClass().getSimpleName() + ": " + reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        missingProgram().ifPresent(program -> {
            throw new IllegalStateException("The browser tests need Debian's Chromium and its driver, but "
                    + program + " is missing: apt-get install -y chromium chromium-driver");
        });
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // headless as root in a container: no sandbox, no /dev/shm of its own, no GPU; and no calls home
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-background-networking", "--disable-extensions", "--disable-sync",
                "--disable-default-apps", "--no-first-run", "--mute-audio", "--window-size=1600,1000");
        driver = new ChromeDriver(service, options);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        testName = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
        stepShot = false;
    }

    /** A failure outside any {@link #step} still leaves the page it happened on. */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (!stepShot) {
            screenshot("failed");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    /** Does one step of what a user does; when it fails, a screenshot of the page is kept under its name. */
    void step(String name, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | AssertionError e) {
            screenshot(name);
            stepShot = true;
            throw e;
        }
    }

    /**
     * Logs in to a Camunda webapp (Tasklist, Cockpit) through its login form, as a user would; a session
     * left by an earlier test of the class is dropped first.
     */
    void logIn(String appUrl, String user, String password) {
        // the cookies are dropped on a page of the same site that runs no script: a call still under way from a
        // webapp's page could set its session's cookies again, and the login would then carry another session's
        // CSRF token, which Camunda refuses as a failed login
        driver.get(URI.create(appUrl).resolve("/actuator/health/liveness").toString());
        driver.manage().deleteAllCookies();
        driver.get(appUrl);
        By userField = By.cssSelector("form[name=signinForm] input[ng-model=username]");
        By passwordField = By.cssSelector("form[name=signinForm] input[ng-model=password]");
        // keys typed before the app has compiled its form, which marks each field ng-pristine, miss the form's model
        waitUntil(ExpectedConditions.attributeContains(passwordField, "class", "ng-pristine"));
        type(userField, user);
        type(passwordField, password);
        click(By.cssSelector("form[name=signinForm] button[type=submit]"));
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("form[name=signinForm]")));
    }

    /** Logs out with the webapp's own "Log out", in the menu under the user's name in its header. */
    void logOut() {
        click(By.cssSelector("li.account a.dropdown-toggle"));
        click(By.cssSelector("li.account li.logout a"));
    }

    void open(String url) {
        driver.get(url);
    }

    /** Waits until the condition holds (not null, not false), and returns what it returned. */
    <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE).until(condition);
    }

    WebElement visible(By locator) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /**
     * Waits until the page that a script or a redirect is navigating to shows the element: a look at the page that
     * the navigation aborts ("aborted by navigation") is tried again.
     */
    WebElement visibleAfterNavigation(By locator) {
        return new WebDriverWait(driver, PATIENCE).ignoring(WebDriverException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    void click(By locator) {
        waitUntil(ExpectedConditions.elementToBeClickable(locator)).click();
    }

    void type(By locator, String text) {
        WebElement field = visible(locator);
        field.clear();
        field.sendKeys(text);
    }

    /** Waits until the page shows the text somewhere. */
    void waitForText(String text) {
        waitUntil(page -> page.findElement(By.tagName("body")).getText().contains(text));
    }

    private static Optional<Path> missingProgram() {
        return Stream.of(CHROMEDRIVER, CHROMIUM).filter(program -> !Files.isExecutable(program)).findFirst();
    }

    WebDriver driver() {
        return driver;
    }

    /** Keeps the page as it looks (png) and as it is (html), for the failure at hand. */
    private void screenshot(String step) {
        if (driver == null) {
            return;
        }
        Path png = SCREENSHOTS.resolve(testName + "-" + step + ".png");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), png,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(SCREENSHOTS.resolve(testName + "-" + step + ".html"), driver.getPageSource());
            System.err.println("Screenshot of the failed step: " + png.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            // the failure of the step is what the run reports; a browser that is gone takes no picture
            System.err.println("No screenshot of the failed step " + png + ": " + e);
        }
    }
}
