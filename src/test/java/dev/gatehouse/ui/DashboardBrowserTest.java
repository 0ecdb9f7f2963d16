package dev.gatehouse.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.TestGateway;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The dashboard in a real headless chromium against a real gateway: sign-in, spend that matches the
 * usage API to the cent, a key created, used and revoked, a request's detail, the CSV export, a team
 * viewer held to its team, CSRF and Origin checks, sign-out, and no page holding a key secret. One
 * browser for the class; the tests run in order, as a user would click through.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIEWER_KEY = "sk-dashboard-viewer-000000000000001";
    /** 200,000 input and 50,000 output tokens of gpt-4o: $0.50 + $0.50 per request. */
    private static final String ANSWER = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":200000,"completion_tokens":50000,"total_tokens":250000}}""";

    private static FakeUpstream upstream;
    private static TestGateway gateway;
    private static AdminClient admin;
    private static ChromeDriver browser;
    private static String alphaKey;
    private static String betaKey;
    private static String createdSecret = "";
    /** Every page source the browser showed, except the one page that shows a new secret. */
    private static final List<String> seen = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        upstream = new FakeUpstream();
        upstream.always(FakeUpstream.json(200, ANSWER));
        gateway = TestGateway.start(TestGateway.SINGLE_ATTEMPT + """
                providers:
                  fake:
                    type: openai
                    base_url: %s
                models:
                  - name: gpt-4o
                    provider: fake
                ui:
                  viewer_keys: [%s]
                """.formatted(upstream.baseUrl(), VIEWER_KEY));
        admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
        for (String team : List.of("alpha", "beta")) {
            assertThat(admin.call(
                                    "POST",
                                    "/admin/v1/teams",
                                    "{\"team_id\":\"" + team + "\",\"max_budget\":4,\"budget_duration\":\"month\"}")
                            .status())
                    .isEqualTo(201);
        }
        alphaKey = admin.createKey("{\"team_id\":\"alpha\",\"key_alias\":\"alpha-app\"}")
                .get("key")
                .asText();
        betaKey = admin.createKey("{\"team_id\":\"beta\",\"key_alias\":\"beta-app\"}")
                .get("key")
                .asText();
        for (int i = 0; i < 3; i++) {
            assertThat(chat(alphaKey)).isEqualTo(200);
        }
        assertThat(chat(betaKey)).isEqualTo(200);
        gateway.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static int chat(String key) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                        .header("authorization", "Bearer " + key)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                        .build())
                .statusCode();
    }

    private static String ui(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    private static void open(String path) {
        browser.get(ui(path));
        seen.add(browser.getPageSource());
    }

    private static void signIn(String key) {
        browser.get(ui("/ui/login"));
        browser.findElement(By.id("key")).sendKeys(key);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !browser.getCurrentUrl().endsWith("/ui/login"));
        seen.add(browser.getPageSource());
    }

    /** The text of the element with this id, once the page holding it has loaded. */
    private static String text(String id) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !browser.findElements(By.id(id)).isEmpty());
        return browser.findElement(By.id(id)).getText();
    }

    @Test
    @Order(1)
    void signsInWithTheAdminKeyIntoAnHttpOnlySameSiteSession() throws Exception {
        browser.get(ui("/ui"));
        assertThat(browser.getCurrentUrl()).endsWith("/ui/login");
        signIn(TestGateway.MASTER_KEY);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
        assertThat(browser.getCurrentUrl()).doesNotContain("sk-");
        Cookie session = browser.manage().getCookieNamed("gatehouse_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(session.getPath()).isEqualTo("/ui");
        assertThat(session.getExpiry()).isNotNull();
        assertThat((Object) browser.executeScript("return document.cookie + JSON.stringify(localStorage)"))
                .isEqualTo("{}");
        assertThat(text("spend-today")).isEqualTo("$4.00");
        assertThat(text("requests")).isEqualTo("4");
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        !browser.findElements(By.cssSelector(".chart canvas")).isEmpty());
        List<String> cspErrors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused"))
                .toList();
        assertThat(cspErrors).isEmpty();
        Browser.screenshot(browser, "overview");
        Browser.resize(browser, 390, 844);
        browser.navigate().refresh();
        Browser.screenshot(browser, "overview-phone");
        Browser.resize(browser, 1280, 900);
    }

    @Test
    @Order(2)
    void showsATeamsSpendMatchingTheUsageApiToTheCent() throws Exception {
        JsonNode report =
                admin.call("GET", "/admin/v1/usage?team_id=alpha", null).body();
        double api = report.path("data").get(0).path("cost_usd").asDouble();
        assertThat(api).isGreaterThan(1);
        open("/ui/teams/alpha");
        String shown = text("team-spend-total");
        BigDecimal cents = BigDecimal.valueOf(api).setScale(2, RoundingMode.HALF_UP);
        assertThat(shown).isEqualTo("$" + cents.toPlainString());
        assertThat(text("team-budget")).isEqualTo("$4.00 / month");
        assertThat(text("team-used")).isEqualTo("75.0%");
        Browser.screenshot(browser, "team");
        open("/ui/teams");
        assertThat(browser.findElement(By.cssSelector("table.teams")).getText()).contains("alpha", "beta");
        Browser.screenshot(browser, "teams");
    }

    @Test
    @Order(3)
    void createsAKeyThatWorksThenRevokesItAfterConfirmation() throws Exception {
        open("/ui/teams/alpha");
        browser.findElement(By.id("key_alias")).sendKeys("made-in-ui");
        browser.findElement(By.cssSelector("form[action='/ui/teams/alpha/keys'] button"))
                .click();
        createdSecret = text("new-secret");
        assertThat(createdSecret).startsWith("sk-gh-");
        assertThat(chat(createdSecret)).isEqualTo(200);

        open("/ui/teams/alpha");
        assertThat(browser.getPageSource()).doesNotContain(createdSecret);
        WebElement row = browser.findElement(By.xpath("//tr[td[contains(., 'made-in-ui')]]"));
        row.findElement(By.linkText("Revoke")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Revoke key?");
        seen.add(browser.getPageSource());
        browser.findElement(By.cssSelector("form.confirm button")).click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.getCurrentUrl().endsWith("/ui/teams/alpha"));
        assertThat(browser.findElement(By.xpath("//tr[td[contains(., 'made-in-ui')]]"))
                        .getText())
                .contains("revoked");
        assertThat(chat(createdSecret)).isEqualTo(401);
    }

    @Test
    @Order(4)
    void opensARequestsDetail() throws Exception {
        gateway.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
        open("/ui/requests?team_id=alpha");
        List<WebElement> links = browser.findElements(By.cssSelector("table.requests a.mono"));
        assertThat(links).hasSize(4);
        Browser.screenshot(browser, "requests");
        links.get(0).click();
        seen.add(browser.getPageSource());
        String detail = browser.findElement(By.cssSelector("dl.detail")).getText();
        assertThat(detail).contains("Deployment", "fake", "gpt-4o", "200,000", "$1.00", "Attempts");
        Browser.screenshot(browser, "request-detail");
    }

    @Test
    @Order(5)
    void exportsTheUsageApisOwnCsv() throws Exception {
        open("/ui/spend?group_by=team_id");
        assertThat(browser.findElement(By.cssSelector("table.spend")).getText()).contains("alpha", "beta");
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        !browser.findElements(By.cssSelector(".chart canvas")).isEmpty());
        Browser.screenshot(browser, "spend");
        String href = browser.findElement(By.id("export-csv")).getAttribute("href");
        HttpResponse<String> csv = withSession(href);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        String query = URI.create(href).getRawQuery();
        String api = gateway.send(HttpRequest.newBuilder(URI.create(ui("/admin/v1/usage?format=csv&" + query)))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .build())
                .body();
        assertThat(csv.body()).isEqualTo(api).contains("alpha");
    }

    @Test
    @Order(6)
    void showsProvidersAndAlerts() throws Exception {
        open("/ui/providers");
        assertThat(browser.findElement(By.cssSelector("table.providers")).getText())
                .contains("fake / gpt-4o", "closed");
        Browser.screenshot(browser, "providers");
        open("/ui/alerts");
        // Both teams spent at least 80% of... alpha $3 of $4 (75%) is below; beta $1 of $4 too: no highlight yet.
        assertThat(browser.getPageSource()).contains("No alerts.");
        Browser.screenshot(browser, "alerts");
    }

    @Test
    @Order(7)
    void refusesChangesWithoutTheCsrfTokenOrFromAnotherOrigin() throws Exception {
        String csrf = browser.findElement(By.cssSelector("form.signout input[name=_csrf]"))
                .getAttribute("value");
        assertThat(postWithSession("/ui/teams/alpha/keys", "key_alias=x", null).statusCode())
                .isEqualTo(403);
        assertThat(postWithSession("/ui/teams/alpha/keys", "key_alias=x&_csrf=" + csrf, "http://evil.example")
                        .statusCode())
                .isEqualTo(403);
        assertThat(postWithSession("/ui/teams/alpha/keys", "key_alias=x&_csrf=" + csrf, null)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    @Order(8)
    void noDashboardResponseHoldsAKeySecret() throws Exception {
        for (String path : List.of(
                "/ui",
                "/ui?period=30d",
                "/ui/teams",
                "/ui/teams/alpha",
                "/ui/teams/beta",
                "/ui/spend",
                "/ui/spend.csv",
                "/ui/providers",
                "/ui/requests",
                "/ui/alerts",
                "/ui/login")) {
            seen.add(withSession(ui(path)).body());
        }
        List<String> secrets = List.of(TestGateway.MASTER_KEY, VIEWER_KEY, alphaKey, betaKey, createdSecret);
        assertThat(seen).hasSizeGreaterThan(20);
        for (String page : seen) {
            for (String secret : secrets) {
                assertThat(page).doesNotContain(secret);
            }
        }
    }

    @Test
    @Order(9)
    void signsOutAndATeamViewerSeesOnlyItsTeam() throws Exception {
        browser.findElement(By.cssSelector("form.signout button")).click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.getCurrentUrl().endsWith("/ui/login"));
        browser.get(ui("/ui/teams/alpha"));
        assertThat(browser.getCurrentUrl()).endsWith("/ui/login");

        signIn(betaKey);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview of team beta");
        assertThat(text("spend-today")).isEqualTo("$1.00");
        open("/ui/teams/alpha");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("not open to your key");
        open("/ui/providers");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("not open to your key");
        open("/ui/requests?team_id=alpha");
        assertThat(browser.findElements(By.cssSelector("table.requests a.mono")))
                .hasSize(1);
        open("/ui/teams/beta");
        assertThat(text("team-spend-total")).isEqualTo("$1.00");
        assertThat(browser.findElements(By.id("key_alias"))).isEmpty();
        browser.findElement(By.cssSelector("form.signout button")).click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.getCurrentUrl().endsWith("/ui/login"));

        signIn(VIEWER_KEY);
        open("/ui/teams/alpha");
        assertThat(text("team-spend-total")).isNotEmpty();
        assertThat(browser.findElements(By.id("key_alias"))).isEmpty();
        Browser.screenshot(browser, "login");
    }

    private static HttpResponse<String> withSession(String url) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create(url))
                .header(
                        "cookie",
                        "gatehouse_session="
                                + browser.manage()
                                        .getCookieNamed("gatehouse_session")
                                        .getValue())
                .build());
    }

    private static HttpResponse<String> postWithSession(String path, String form, String origin) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(ui(path)))
                .header(
                        "cookie",
                        "gatehouse_session="
                                + browser.manage()
                                        .getCookieNamed("gatehouse_session")
                                        .getValue())
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            r.header("origin", origin);
        }
        return gateway.send(r.build());
    }
}
