package io.meterreader.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.config.AccessProperties;
import io.meterreader.testing.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

@ExtendWith(OutputCaptureExtension.class)
class AccessFilterTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-06T05:00:00Z"));
    private final AccessFilter filter = new AccessFilter(new AccessProperties("engineer", "pä55:word",
            List.of("/actuator/health", "/actuator/health/**")), clock);

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    /** The response to a GET of the path from the address, with the Authorization header (null: none); passed: 200. */
    private MockHttpServletResponse get(String path, String authorization, String address) throws Exception {
        return get(filter, path, authorization, address);
    }

    private static MockHttpServletResponse get(AccessFilter f, String path, String authorization, String address)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setRemoteAddr(address);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        f.doFilter(request, response, chain);
        if (chain.getRequest() != null) {
            response.setStatus(200);   // let through
        }
        return response;
    }

    @Test
    void noCredentials_areAskedFor_withAProblemDetail() throws Exception {
        MockHttpServletResponse r = get("/api/v1/meters", null, "10.0.0.1");
        assertThat(r.getStatus()).isEqualTo(401);
        assertThat(filter.refused()).as("a browser's first request is no guess").isZero();
        assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Basic realm=\"Meter Reader\", charset=\"UTF-8\"");
        assertThat(r.getContentType()).startsWith("application/problem+json");
        assertThat(r.getContentAsString()).contains("\"status\":401").contains("needs a username and password");
    }

    @Test
    void theRightCredentials_passEverywhere_theWrongOnesNowhere() throws Exception {
        for (String path : new String[] {"/", "/api/v1/meters", "/actuator/prometheus", "/dashboard.js"}) {
            assertThat(get(path, basic("engineer:pä55:word"), "10.0.0.1").getStatus()).as(path).isEqualTo(200);
        }
        assertThat(get("/api/v1/meters", basic("engineer:pa55:word"), "10.0.0.1").getStatus()).isEqualTo(401);
        assertThat(get("/api/v1/meters", basic("operator:pä55:word"), "10.0.0.1").getStatus()).isEqualTo(401);
        assertThat(get("/api/v1/meters", basic("engineer:pä55:word "), "10.0.0.1").getStatus()).isEqualTo(401);
        assertThat(get("/api/v1/meters", "Basic !!not base64!!", "10.0.0.1").getStatus()).isEqualTo(401);
        assertThat(get("/api/v1/meters", "Bearer abc", "10.0.0.1").getStatus()).isEqualTo(401);
        assertThat(filter.refused()).isEqualTo(5);
        assertThat(get("/api/v1/meters", "basic " + basic("engineer:pä55:word").substring(6), "10.0.0.1")
                .getStatus()).as("the scheme is case-insensitive").isEqualTo(200);
    }

    @Test
    void aRequestLetThrough_saysWhoLoggedIn() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/alarms/boiler/acknowledge");
        request.addHeader("Authorization", basic("engineer:pä55:word"));
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, new MockHttpServletResponse(), chain);
        assertThat(((jakarta.servlet.http.HttpServletRequest) chain.getRequest()).getRemoteUser())
                .isEqualTo("engineer");
    }

    @Test
    void theViewer_readsEverywhere_butChangesNothing_andIsNamedAsTheUser() throws Exception {
        AccessFilter withViewer = new AccessFilter(new AccessProperties("engineer", "pä55:word", "wallboard", "l00k",
                List.of()), clock);
        for (String[] request : new String[][] {{"GET", "/api/v1/meters"}, {"HEAD", "/"}, {"OPTIONS", "/api/v1/read"},
                {"POST", "/api/v1/read"}}) {
            MockHttpServletRequest r = new MockHttpServletRequest(request[0], request[1]);
            r.addHeader("Authorization", basic("wallboard:l00k"));
            MockFilterChain chain = new MockFilterChain();
            withViewer.doFilter(r, new MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).as(request[0] + " " + request[1]).isNotNull();
            assertThat(((jakarta.servlet.http.HttpServletRequest) chain.getRequest()).getRemoteUser())
                    .isEqualTo("wallboard");
        }
        for (String[] request : new String[][] {{"POST", "/api/v1/alarms/boiler/acknowledge"},
                {"POST", "/api/v1/meters/boiler/out-of-service"}, {"PUT", "/api/v1/read"}, {"DELETE", "/"}}) {
            MockHttpServletRequest r = new MockHttpServletRequest(request[0], request[1]);
            r.addHeader("Authorization", basic("wallboard:l00k"));
            MockHttpServletResponse response = new MockHttpServletResponse();
            MockFilterChain chain = new MockFilterChain();
            withViewer.doFilter(r, response, chain);
            assertThat(chain.getRequest()).as(request[0] + " " + request[1]).isNull();
            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(response.getContentAsString()).contains("wallboard may only read: " + request[0]);
            MockHttpServletRequest operator = new MockHttpServletRequest(request[0], request[1]);
            operator.addHeader("Authorization", basic("engineer:pä55:word"));
            MockFilterChain passed = new MockFilterChain();
            withViewer.doFilter(operator, new MockHttpServletResponse(), passed);
            assertThat(passed.getRequest()).as("the operator: " + request[0] + " " + request[1]).isNotNull();
        }
        assertThat(withViewer.refused()).as("a viewer's write is no guess").isZero();
        MockHttpServletRequest wrong = new MockHttpServletRequest("GET", "/");
        wrong.addHeader("Authorization", basic("wallboard:pä55:word"));
        MockHttpServletResponse response = new MockHttpServletResponse();
        withViewer.doFilter(wrong, response, new MockFilterChain());
        assertThat(response.getStatus()).as("the viewer's name with the operator's password").isEqualTo(401);
    }

    @Test
    void personalAccounts_passAsThemselves_aHashedPasswordToo_andAViewerOnlyReads() throws Exception {
        String hash = io.meterreader.config.Passwords.hash("ann-5-secret".toCharArray());
        AccessFilter personal = new AccessFilter(new AccessProperties("engineer", "pä55:word", null, null,
                List.of(new AccessProperties.Account("ann", hash, null),
                        new AccessProperties.Account("ron", "r0n-looks", AccessProperties.Role.VIEWER)),
                List.of()), clock);
        for (int i = 0; i < 2; i++) {   // checked, then remembered
            MockHttpServletRequest r = new MockHttpServletRequest("POST", "/api/v1/alarms/boiler/acknowledge");
            r.addHeader("Authorization", basic("ann:ann-5-secret"));
            MockFilterChain chain = new MockFilterChain();
            personal.doFilter(r, new MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).as("ann, time " + i).isNotNull();
            assertThat(((jakarta.servlet.http.HttpServletRequest) chain.getRequest()).getRemoteUser()).isEqualTo("ann");
            assertThat(r.getAttribute(AccessFilter.PERSONAL)).isEqualTo(true);
            assertThat(r.getAttribute(AccessFilter.READ_ONLY)).isEqualTo(false);
        }
        MockHttpServletRequest shared = new MockHttpServletRequest("POST", "/api/v1/alarms/boiler/acknowledge");
        shared.addHeader("Authorization", basic("engineer:pä55:word"));
        personal.doFilter(shared, new MockHttpServletResponse(), new MockFilterChain());
        assertThat(shared.getAttribute(AccessFilter.PERSONAL)).as("the first account is shared").isEqualTo(false);

        MockHttpServletRequest viewing = new MockHttpServletRequest("POST", "/api/v1/meters/boiler/out-of-service");
        viewing.addHeader("Authorization", basic("ron:r0n-looks"));
        MockHttpServletResponse refused = new MockHttpServletResponse();
        personal.doFilter(viewing, refused, new MockFilterChain());
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.getContentAsString()).contains("ron may only read");

        for (String wrong : new String[] {"ann:ann-5-secreT", "ann:" + hash, "ron:ann-5-secret", "bob:ann-5-secret"}) {
            MockHttpServletRequest r = new MockHttpServletRequest("GET", "/api/v1/meters");
            r.addHeader("Authorization", basic(wrong));
            MockHttpServletResponse response = new MockHttpServletResponse();
            personal.doFilter(r, response, new MockFilterChain());
            assertThat(response.getStatus()).as(wrong).isEqualTo(401);
        }
        clock.advance(AccessFilter.REMEMBERED.plusSeconds(1));
        MockHttpServletRequest later = new MockHttpServletRequest("GET", "/api/v1/meters");
        later.addHeader("Authorization", basic("ann:ann-5-secret"));
        MockFilterChain chain = new MockFilterChain();
        personal.doFilter(later, new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).as("checked again once forgotten").isNotNull();
    }

    @Test
    void anAccountComingIn_isLoggedOnceAWhile_perAddress(CapturedOutput output) throws Exception {
        for (int i = 0; i < 3; i++) {
            get("/api/v1/meters", basic("engineer:pä55:word"), "10.0.0.1");
        }
        get("/api/v1/meters", basic("engineer:pä55:word"), "10.0.0.2");
        clock.advance(AccessFilter.REMEMBERED.plusSeconds(1));
        get("/api/v1/meters", basic("engineer:pä55:word"), "10.0.0.1");
        assertThat(output.getOut().lines().filter(l -> l.contains("HTTP: engineer (operator, shared) came in from"))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1))).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.1");
    }

    @Test
    void theHealthProbes_areOpen_andNothingElse() throws Exception {
        assertThat(get("/actuator/health", null, "10.0.0.1").getStatus()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness", null, "10.0.0.1").getStatus()).isEqualTo(200);
        assertThat(get("/actuator/healthz", null, "10.0.0.1").getStatus()).isEqualTo(401);
        assertThat(get("/actuator/info", null, "10.0.0.1").getStatus()).isEqualTo(401);
    }

    /** Who the request the filter let through is known as (its principal's name), or null for no one. */
    private String knownAs(AccessFilter f, String path, String authorization, String address) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setRemoteAddr(address);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockFilterChain chain = new MockFilterChain();
        f.doFilter(request, new MockHttpServletResponse(), chain);
        var principal = ((jakarta.servlet.http.HttpServletRequest) chain.getRequest()).getUserPrincipal();
        return principal == null ? null : principal.getName();
    }

    @Test
    void theHealthsDetails_areForThoseSignedIn_andAPasswordTriedThereCounts() throws Exception {
        assertThat(knownAs(filter, "/actuator/health", null, "10.0.0.1")).as("the probes: no one").isNull();
        assertThat(knownAs(filter, "/actuator/health", basic("engineer:pä55:word"), "10.0.0.1")).isEqualTo("engineer");
        assertThat(knownAs(filter, "/api/v1/meters", basic("engineer:pä55:word"), "10.0.0.1")).isEqualTo("engineer");
        for (int i = 0; i < AccessFilter.MAX_FAILURES; i++) {
            assertThat(knownAs(filter, "/actuator/health", basic("engineer:guess" + i), "10.0.0.6")).isNull();
        }
        assertThat(get("/api/v1/meters", basic("engineer:pä55:word"), "10.0.0.6").getStatus())
                .as("guessing on the open path locks out as anywhere").isEqualTo(429);
        assertThat(knownAs(filter, "/actuator/health", basic("engineer:pä55:word"), "10.0.0.6")).isNull();
        assertThat(get("/actuator/health", null, "10.0.0.6").getStatus()).as("the probe still answered").isEqualTo(200);
        // a service without access set: everyone is known, and sees everything
        AccessFilter open = new AccessFilter(new AccessProperties(null, null, List.of("/actuator/health")), clock);
        assertThat(knownAs(open, "/actuator/health", null, "10.0.0.1")).isEqualTo("anyone");
        assertThat(knownAs(open, "/api/v1/meters", null, "10.0.0.1")).isEqualTo("anyone");
    }

    @Test
    void anAddressThatKeepsGuessing_isTurnedAwayForAWhile_othersNot(CapturedOutput output) throws Exception {
        for (int i = 0; i < AccessFilter.MAX_FAILURES; i++) {
            assertThat(get("/api/v1/meters", basic("engineer:guess" + i), "10.0.0.9").getStatus()).isEqualTo(401);
        }
        MockHttpServletResponse blocked = get("/api/v1/meters", basic("engineer:pä55:word"), "10.0.0.9");
        get("/api/v1/meters", basic("engineer:guess"), "10.0.0.9");
        assertThat(output.getOut().lines().filter(l -> l.contains("from 10.0.0.9 refused: engineer is locked out for 300 s after "
                + AccessFilter.MAX_FAILURES + " wrong credentials within 5 minutes"))).as("once a lock-out").hasSize(1);
        assertThat(blocked.getStatus()).as("even with the right password").isEqualTo(429);
        assertThat(filter.refused()).isEqualTo(AccessFilter.MAX_FAILURES + 2);
        assertThat(blocked.getHeader("Retry-After")).isEqualTo(String.valueOf(AccessFilter.FAILURE_WINDOW.toSeconds()));
        assertThat(get("/api/v1/meters", basic("engineer:pä55:word"), "10.0.0.1").getStatus()).isEqualTo(200);
        assertThat(get("/actuator/health", null, "10.0.0.9").getStatus()).isEqualTo(200);

        clock.advance(AccessFilter.FAILURE_WINDOW.plus(Duration.ofSeconds(1)));
        assertThat(get("/api/v1/meters", basic("engineer:pä55:word"), "10.0.0.9").getStatus()).isEqualTo(200);
    }

    @Test
    void theWindowRolls_twentyWrongWithinAnyFiveMinutes_lockOut() throws Exception {
        get("/api/v1/meters", basic("engineer:guess"), "10.0.0.8");
        clock.advance(Duration.ofSeconds(290));
        for (int i = 0; i < AccessFilter.MAX_FAILURES - 2; i++) {
            get("/api/v1/meters", basic("engineer:guess" + i), "10.0.0.8");
        }
        clock.advance(Duration.ofSeconds(20));   // the first try is now out of the window: 18 in it
        assertThat(get("/api/v1/meters", basic("engineer:guess"), "10.0.0.8").getStatus()).isEqualTo(401);
        assertThat(get("/api/v1/meters", basic("engineer:pä55:word"), "10.0.0.8").getStatus())
                .as("19 within the window").isEqualTo(200);
        assertThat(get("/api/v1/meters", basic("engineer:guess"), "10.0.0.8").getStatus()).isEqualTo(401);
        MockHttpServletResponse blocked = get("/api/v1/meters", basic("engineer:pä55:word"), "10.0.0.8");
        assertThat(blocked.getStatus()).as("the 20th within 5 minutes, though 39 s past the first's window")
                .isEqualTo(429);
        assertThat(blocked.getHeader("Retry-After")).as("5 minutes from the last")
                .isEqualTo(String.valueOf(AccessFilter.FAILURE_WINDOW.toSeconds()));
    }

    @Test
    void aFloodOfAddresses_pushesOutThoseThatFailedLongestAgo_neverTheLockOut() throws Exception {
        for (int i = 0; i < AccessFilter.MAX_ADDRESSES; i++) {
            get("/api/v1/meters", basic("engineer:guess"), "10.1." + (i >> 8) + "." + (i & 255));
        }
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < AccessFilter.MAX_FAILURES; i++) {
            assertThat(get("/api/v1/meters", basic("engineer:guess" + i), "10.2.0.1").getStatus()).isEqualTo(401);
        }
        assertThat(get("/api/v1/meters", basic("engineer:pä55:word"), "10.2.0.1").getStatus())
                .as("a new address is still counted").isEqualTo(429);
    }

    @Test
    void anotherScheme_orBasicNotAsBasicWritesIt_isSaidSo_andIsNoGuess() throws Exception {
        for (int i = 0; i < AccessFilter.MAX_FAILURES + 5; i++) {
            MockHttpServletResponse r = get("/api/v1/meters", "Bearer eyJhbGciOi" + i, "10.0.0.7");
            assertThat(r.getStatus()).isEqualTo(401);
            assertThat(r.getContentAsString()).contains("an Authorization header of another scheme than Basic (Bearer)");
        }
        assertThat(get("/api/v1/meters", "Basic %%%", "10.0.0.7").getContentAsString())
                .contains("Basic credentials that are not Base64");
        assertThat(get("/api/v1/meters", "Basic " + Base64.getEncoder().encodeToString("engineer".getBytes(
                StandardCharsets.UTF_8)), "10.0.0.7").getContentAsString()).contains("without the colon");
        assertThat(filter.refused()).as("refused, and counted so").isEqualTo(AccessFilter.MAX_FAILURES + 7);
        assertThat(get("/api/v1/meters", basic("engineer:pä55:word"), "10.0.0.7").getStatus())
                .as("no password was tried: not locked out").isEqualTo(200);
    }

    @Test
    void aNameLockedOut_locksOutThatNameThere_othersBehindTheAddressSignIn(CapturedOutput output) throws Exception {
        AccessFilter two = new AccessFilter(new AccessProperties("engineer", "pä55:word", null, null,
                List.of(new AccessProperties.Account("ann", "ann-5-secret", null)), List.of()), clock);
        // a script with an old password, behind the plant's NAT
        for (int i = 0; i < AccessFilter.MAX_FAILURES; i++) {
            assertThat(status(two, basic("engineer:old-password"), "10.0.0.5")).isEqualTo(401);
        }
        assertThat(status(two, basic("engineer:pä55:word"), "10.0.0.5")).as("the name guessed at").isEqualTo(429);
        assertThat(status(two, basic("ann:ann-5-secret"), "10.0.0.5")).as("another, behind the NAT").isEqualTo(200);
        assertThat(status(two, null, "10.0.0.5")).as("still asked to sign in").isEqualTo(401);
        assertThat(output.getOut()).contains("from 10.0.0.5 refused: engineer is locked out for 300 s");
        // names that are no account are counted each on its own, and not named in the log
        for (int i = 0; i < AccessFilter.MAX_FAILURES; i++) {
            status(two, basic("pä55:word:" + i), "10.0.0.4");
        }
        assertThat(status(two, basic("pä55:word:x"), "10.0.0.4")).isEqualTo(429);
        assertThat(output.getOut()).contains("from 10.0.0.4 refused: a name that is no account is locked out")
                .doesNotContain("locked out for pä55");
    }

    @Test
    void anAddressTryingNameAfterName_isLockedOutAsAWhole() throws Exception {
        AccessFilter two = new AccessFilter(new AccessProperties("engineer", "pä55:word", null, null,
                List.of(new AccessProperties.Account("ann", "ann-5-secret", null)), List.of()), clock);
        for (int i = 0; i < AccessFilter.MAX_ADDRESS_FAILURES - 1; i++) {
            // each name fewer times than would lock it out
            status(two, basic("name" + i / (AccessFilter.MAX_FAILURES - 1) + ":guess" + i), "10.0.0.3");
        }
        assertThat(status(two, basic("ann:ann-5-secret"), "10.0.0.3")).as("one short").isEqualTo(200);
        MockHttpServletResponse last = get(two, "/api/v1/meters", basic("other:guess"), "10.0.0.3");
        assertThat(last.getStatus()).isEqualTo(401);
        MockHttpServletResponse blocked = get(two, "/api/v1/meters", basic("ann:ann-5-secret"), "10.0.0.3");
        assertThat(blocked.getStatus()).isEqualTo(429);
        assertThat(blocked.getContentAsString()).contains(AccessFilter.MAX_ADDRESS_FAILURES
                + " requests with wrong credentials from 10.0.0.3 within 5 minutes");
        assertThat(status(two, null, "10.0.0.3")).as("without credentials too").isEqualTo(429);
        assertThat(status(two, basic("ann:ann-5-secret"), "10.0.0.2")).as("another address").isEqualTo(200);
    }

    /** A hash as {@code hash-password} writes it, of fewer iterations (quicker to check, still slow enough to overlap). */
    private static String quickHash(String password) throws Exception {
        byte[] salt = "a salt of 16 b.".getBytes(StandardCharsets.UTF_8);
        byte[] hash = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(
                new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt, 100_000, 256)).getEncoded();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "{pbkdf2}100000$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** The statuses of requests sent all at once, each with its Authorization header and address. */
    private static List<Integer> atOnce(AccessFilter f, List<String> headers, List<String> addresses) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(headers.size());
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < headers.size(); i++) {
                String header = headers.get(i);
                String address = addresses.get(i);
                sent.add(pool.submit(() -> {
                    go.await();
                    return status(f, header, address);
                }));
            }
            go.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Integer> s : sent) {
                statuses.add(s.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void guessesSentAllAtOnce_areCountedAsTheyAreChecked_soTheLimitHolds() throws Exception {
        AccessFilter hashed = new AccessFilter(new AccessProperties("engineer", "pä55:word", null, null,
                List.of(new AccessProperties.Account("ron", quickHash("r0n-secret"), null)), List.of()), clock, 2);
        int burst = 2 * AccessFilter.MAX_FAILURES + 10;
        List<String> guesses = java.util.stream.IntStream.range(0, burst).mapToObj(i -> basic("ron:guess-" + i)).toList();

        List<Integer> statuses = atOnce(hashed, guesses, java.util.Collections.nCopies(burst, "10.0.0.9"));

        // before, every guess of the burst was checked before the first was counted: 50 times 401
        assertThat(statuses.stream().filter(st -> st == 401).count()).isEqualTo(AccessFilter.MAX_FAILURES);
        assertThat(statuses.stream().filter(st -> st == 429).count()).isEqualTo(burst - AccessFilter.MAX_FAILURES);
        assertThat(hashed.hashRuns()).as("a locked-out guess costs no PBKDF2 run").isEqualTo(AccessFilter.MAX_FAILURES);
        assertThat(status(hashed, basic("ron:r0n-secret"), "10.0.0.9")).isEqualTo(429);
        assertThat(status(hashed, basic("ron:r0n-secret"), "10.0.0.8")).isEqualTo(200);
    }

    @Test
    void theSameCredentialsSentAllAtOnce_fromManyAddresses_areCheckedOnce() throws Exception {
        AccessFilter hashed = new AccessFilter(new AccessProperties("engineer", "pä55:word", null, null,
                List.of(new AccessProperties.Account("ann", quickHash("ann-5-secret"), null)), List.of()), clock, 4);
        int dashboards = 24;
        List<String> addresses = java.util.stream.IntStream.range(0, dashboards).mapToObj(i -> "10.0.1." + i).toList();

        List<Integer> statuses = atOnce(hashed, java.util.Collections.nCopies(dashboards, basic("ann:ann-5-secret")),
                addresses);

        assertThat(statuses).containsOnly(200).hasSize(dashboards);
        // every control-room screen after a restart: one PBKDF2 run, not one a screen (10 s of 2 cores for 50)
        assertThat(hashed.hashRuns()).isEqualTo(1);
    }

    private static int status(AccessFilter f, String authorization, String address) throws Exception {
        return get(f, "/api/v1/meters", authorization, address).getStatus();
    }
}
