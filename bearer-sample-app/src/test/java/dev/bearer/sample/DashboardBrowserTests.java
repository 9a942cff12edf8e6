package dev.bearer.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.bearer.core.token.ExpiryWarningScan;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in headless Chromium (Debian's chromium and chromedriver; nothing is
 * downloaded): generate demo traffic, then check the rendered numbers, tables and chart
 * data against the usage API. Skipped when Chromium is absent, unless
 * {@code BEARER_TEST_REQUIRE_BROWSER=true} (CI).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EnabledIf(value = "browserAvailable", disabledReason = "/usr/bin/chromium or /usr/bin/chromedriver is not installed")
class DashboardBrowserTests {

	private static final String CHROMIUM = "/usr/bin/chromium";

	private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	@LocalServerPort
	private int port;

	@Autowired
	private DemoTokens demo;

	@Autowired
	private DemoTrafficRows demoRows;

	@Autowired
	private TokenService tokens;

	@Autowired
	private ExpiryWarningScan expiryWarnings;

	private WebDriver browser;

	private Path profile;

	static boolean browserAvailable() {
		return "true".equalsIgnoreCase(System.getenv("BEARER_TEST_REQUIRE_BROWSER"))
				|| (new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute());
	}

	@BeforeEach
	void startBrowser() throws IOException {
		this.profile = Files.createTempDirectory("bearer-chromium");
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
					"--window-size=1400,2400", "--user-data-dir=" + this.profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
	}

	@AfterEach
	void stopBrowser() throws IOException {
		if (this.browser != null) {
			this.browser.quit();
		}
		try (var files = Files.walk(this.profile)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
	}

	@Test
	void dashboardShowsTheSameNumbersAsTheUsageApiAfterDemoTraffic() throws Exception {
		String token = this.demo.dashboard().plaintext();
		SampleClient api = new SampleClient(this.port);
		this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", "demo"), "Expiring soon")
			.type("rk")
			.expiresAt(Instant.now().plus(Duration.ofHours(20)))
			.build());
		this.expiryWarnings.scan();
		this.browser.get("http://localhost:" + this.port + "/#token=" + token);
		awaitLoads(1);

		long before = this.demoRows.written();
		this.browser.findElement(By.id("generate")).click();
		awaitLoads(2);
		this.demoRows.awaitWritten(before + reportedDemoRows());
		this.browser.findElement(By.cssSelector("#token-form button[type=submit]")).click();
		awaitLoads(3);

		JsonNode stats = api.getJson("/api/usage/owners/user/demo/statistics?days=30", token);
		assertThat(text("stat-total-tokens")).isEqualTo(stats.get("total_tokens").asString());
		assertThat(text("stat-active-tokens")).isEqualTo(stats.get("active_tokens").asString());
		assertThat(text("stat-total-requests")).isEqualTo(stats.get("total_requests").asString());
		assertThat(text("stat-unique-ips")).isEqualTo(stats.get("unique_ips").asString());
		assertThat(text("stat-failed-attempts")).isEqualTo(stats.get("failed_attempts").asString());
		assertThat(Long.parseLong(text("stat-total-requests"))).isGreaterThan(100);

		JsonNode mostActive = api.getJson("/api/usage/owners/user/demo/most-active?limit=10", token);
		assertThat(column("most-active", 4)).containsExactlyElementsOf(values(mostActive, "count"));
		assertThat(column("most-active", 1)).containsExactlyElementsOf(values(mostActive, "name"));

		String tokenId = this.browser.findElement(By.id("token-select")).getAttribute("value");
		assertThat(tokenId).isEqualTo(mostActive.get(0).get("tokenId").asString());
		String base = "/api/usage/tokens/" + tokenId;
		assertThat(text("token-count")).isEqualTo(api.getJson(base + "/count", token).get("count").asString());
		assertThat(chartData("daily-chart"))
			.containsExactlyElementsOf(values(api.getJson(base + "/daily?days=30&zone=UTC", token), "count"));
		assertThat(chartData("hourly-chart"))
			.containsExactlyElementsOf(values(api.getJson(base + "/hourly?zone=UTC", token), "count"));
		assertThat(chartData("daily-chart")).hasSize(30).anyMatch(count -> !count.equals("0"));
		assertThat(chartData("hourly-chart")).hasSize(24);

		JsonNode ips = api.getJson(base + "/ips", token);
		assertThat(column("usage-by-ip", 0)).containsExactlyElementsOf(values(ips, "ipAddress"));
		assertThat(column("usage-by-ip", 1)).containsExactlyElementsOf(values(ips, "count"));
		assertThat(column("lifecycle", 0))
			.containsExactlyElementsOf(values(api.getJson(base + "/lifecycle", token), "event"));
		assertThat(column("suspicious-ips", 0))
			.containsExactlyElementsOf(values(api.getJson("/api/usage/suspicious-ips", token), "ipAddress"))
			.contains("198.51.100.66");
		assertThat(column("failures", 2)).contains("ip_blocked", "rate_limited", "unknown", "revoked");

		JsonNode warnings = api.getJson("/api/usage/owners/user/demo/warnings", token);
		assertThat(column("expiry-warnings", 1)).containsExactlyElementsOf(values(warnings, "name"))
			.contains("Expiring soon");
		assertThat(column("expiry-warnings", 5)).contains("PT24H");

		Path screenshot = Path.of("target", "dashboard.png");
		Files.createDirectories(screenshot.getParent());
		Files.copy(((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
				StandardCopyOption.REPLACE_EXISTING);
		assertThat(Files.size(screenshot)).isGreaterThan(10_000);
	}

	/** The rows the page was told the run sent and backfilled. */
	private long reportedDemoRows() {
		return Long.parseLong(this.browser.findElement(By.tagName("body")).getAttribute("data-demo-rows"));
	}

	private void awaitLoads(int loads) {
		new WebDriverWait(this.browser, Duration.ofSeconds(60)).until(driver -> {
			String value = driver.findElement(By.tagName("body")).getAttribute("data-loads");
			return value != null && Integer.parseInt(value) >= loads;
		});
	}

	private String text(String id) {
		return this.browser.findElement(By.id(id)).getText();
	}

	private List<String> column(String tableId, int index) {
		List<String> cells = new ArrayList<>();
		for (WebElement row : this.browser.findElements(By.cssSelector("#" + tableId + " tbody tr"))) {
			cells.add(row.findElements(By.tagName("td")).get(index).getText());
		}
		return cells;
	}

	@SuppressWarnings("unchecked")
	private List<String> chartData(String canvasId) {
		List<Object> data = (List<Object>) ((JavascriptExecutor) this.browser)
			.executeScript("return Chart.getChart(arguments[0]).data.datasets[0].data;", canvasId);
		return data.stream().map(String::valueOf).toList();
	}

	private static List<String> values(JsonNode array, String field) {
		List<String> values = new ArrayList<>();
		array.forEach(node -> values.add(node.get(field).asString()));
		return values;
	}

}
