package io.meterreader.api;

import io.meterreader.config.AccessProperties;
import io.meterreader.config.Passwords;
import io.meterreader.frame.AlarmActions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * HTTP Basic in front of everything the service serves but the open paths, when
 * {@code meter-reader.access} sets a username and password. A request without them, or with
 * others, is answered 401 with a problem detail and a {@code WWW-Authenticate} header, so that a
 * browser asks for them. A name sent with a wrong password {@link #MAX_FAILURES} times from an
 * address within any {@link #FAILURE_WINDOW} is answered 429 there for that long from its last
 * failure, right credentials or not: guessing a password takes too long to be worth it. Others
 * behind the same address (a NAT, a proxy) sign in under their own names meanwhile, so that a script
 * with an old password locks out its own account only; an address that sends {@link
 * #MAX_ADDRESS_FAILURES} wrong credentials, whatever their names, is locked out as a whole (trying
 * names in turn gains five names' worth, no more). The addresses and names kept are bounded; a
 * flood of them pushes out those that failed longest ago, never one still guessing. The viewer's account, where one is set,
 * passes only requests that read ({@link #READING}): anything else (acknowledging, shelving,
 * taking a meter out of service) is answered 403, whatever it is, so that an endpoint added later
 * is closed to it until someone decides otherwise. A personal account ({@code users}) is marked
 * so ({@link #PERSONAL}): what it does is recorded under its own name. A hashed password takes
 * a PBKDF2 run to check (0.14 s on a 2-core EPYC): the credentials that passed are remembered, by
 * their hash, for {@link #REMEMBERED}, so a page that polls every second costs no more than that;
 * the same credentials sent again while they are being checked wait for that check, and at most
 * half the cores run PBKDF2 at once. An address's credentials are checked one at a time, so that
 * a burst of guesses sent at once is counted, and locked out, as guesses sent in turn are.
 */
final class AccessFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AccessFilter.class);
    /** Wrong passwords for one name from one address within the window that lock the name out there. */
    static final int MAX_FAILURES = 20;
    /** Wrong credentials from one address within the window, whatever their names, that lock it out. */
    static final int MAX_ADDRESS_FAILURES = 5 * MAX_FAILURES;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);
    /** Addresses and names kept at most, so that a flood of them cannot fill the memory. */
    static final int MAX_ADDRESSES = 10_000;
    /** The characters of a name sent that its failures are counted by (a longer one counts as its start). */
    private static final int NAME_KEPT = 64;
    /** Addresses' stripes: addresses checked at once at most (two in one stripe take turns). */
    private static final int STRIPES = 64;

    /** The request attribute that says the request came with the viewer's account (Boolean.TRUE). */
    static final String READ_ONLY = AccessFilter.class.getName() + ".readOnly";

    /** The request attribute that says the account is a person's own (Boolean.TRUE): it records its own name. */
    static final String PERSONAL = AccessFilter.class.getName() + ".personal";
    /**
     * The request attribute with the names of the personal accounts (a Set of String): a shared
     * account may not record what it does under one of them.
     */
    static final String PERSONAL_NAMES = AccessFilter.class.getName() + ".personalNames";
    /** How long credentials checked against a hashed password pass unchecked. */
    static final Duration REMEMBERED = Duration.ofMinutes(10);
    /** Checked credentials kept at most (all forgotten beyond: they are checked again). */
    private static final int MAX_REMEMBERED = 1_000;

    /** The methods that only read, and the one POST that does too: the offline read of an uploaded image. */
    static final Set<String> READING = Set.of("GET", "HEAD", "OPTIONS");
    private static final PathPattern OFFLINE_READ = new PathPatternParser().parse("/api/v1/read");

    /** The accounts by name. */
    private final Map<String, Login> logins = new HashMap<>();
    /** Credentials checked against a hashed password (their header's hash, Base64), and until when they pass. */
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
    /** Each account's addresses ("name address") logged, and until when they are not again. */
    private final Map<String, Instant> signedIn = new ConcurrentHashMap<>();
    /**
     * What a password for a name that is not there is checked against: a hash where some account
     * has one, so that a wrong name takes as long to refuse as a wrong password.
     */
    private final String unknown;
    /** The personal accounts' names. */
    private final Set<String> personalNames;
    private final List<PathPattern> open;
    private final Clock clock;
    /** Whether credentials are asked for: without, every request is let through, as anyone's. */
    private final boolean required;
    /** Wrong credentials by address and name sent, and by address alone (the key's name null). */
    private final Map<Key, Failures> failures = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    /**
     * The credentials from one address are checked one at a time (an address's stripe), each wrong
     * one counted before the next is checked: a burst of guesses sent at once had every one checked
     * before any was counted, so the limits held only for guesses sent one after another (found by
     * the login-under-load audit: 50 at once, 50 answered 401).
     */
    private final Object[] stripes = new Object[STRIPES];
    /**
     * PBKDF2 runs at once, at most half the cores: a burst of sign-ins (every dashboard after a
     * restart, or guesses from anywhere) waits its turn instead of taking every core from the
     * cameras' readings (the audit saw them 4-7 s late under 150 guesses at once).
     */
    private final Semaphore hashing;
    /** The hashed-password checks running, by their header's hash: the same credentials sent again meanwhile wait for it. */
    private final Map<String, CompletableFuture<Boolean>> checking = new ConcurrentHashMap<>();
    private final AtomicLong hashRuns = new AtomicLong();

    /** What wrong credentials are counted by: an address and the name they sent, or (name null) the address alone. */
    private record Key(String address, String name) {
    }

    /**
     * The wrong credentials of a name from an address, or of an address: the times of its latest
     * {@code limit} within the window, oldest first, and while it is locked out, until when (and
     * whether that was logged).
     */
    private static final class Failures {
        final int limit;
        final ArrayDeque<Instant> times = new ArrayDeque<>();
        Instant lockedUntil;
        boolean logged;

        Failures(int limit) {
            this.limit = limit;
        }

        /** The latest failure, what the address is pushed out by. */
        synchronized Instant last() {
            return times.isEmpty() ? Instant.MIN : times.getLast();
        }

        /** Until when it is locked out at {@code now}, or null. */
        synchronized Instant locked(Instant now) {
            if (lockedUntil != null && !now.isBefore(lockedUntil)) {
                lockedUntil = null;
                logged = false;
                times.clear();
            }
            return lockedUntil;
        }

        /** One more wrong credential at {@code now}; the limit's within the window locks out. */
        synchronized void failed(Instant now) {
            times.addLast(now);
            while (times.size() > limit || times.getFirst().isBefore(now.minus(FAILURE_WINDOW))) {
                times.removeFirst();
            }
            if (times.size() >= limit) {
                lockedUntil = now.plus(FAILURE_WINDOW);
            }
        }

        /** Whether the lock-out is to be logged now: once a lock-out. */
        synchronized boolean toLog() {
            boolean first = !logged;
            logged = true;
            return first;
        }
    }

    /** An account: its name, its password as configured, whether it may only read, whether it is a person's own. */
    private record Login(String name, String password, boolean readOnly, boolean personal) {
    }

    private record Remembered(Login login, Instant until) {
    }

    /** @param access its username and password are asked for (the filter is registered only when set) */
    AccessFilter(AccessProperties access, Clock clock) {
        this(access, clock, Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    /** @param hashers PBKDF2 runs at once at most */
    AccessFilter(AccessProperties access, Clock clock, int hashers) {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        this.hashing = new Semaphore(hashers, true);
        if (access.username() != null && !access.username().isEmpty()) {
            logins.put(access.username(), new Login(access.username(), access.password(), false, false));
        }
        if (access.viewerEnabled()) {
            logins.put(access.viewerUsername(),
                    new Login(access.viewerUsername(), access.viewerPassword(), true, false));
        }
        for (AccessProperties.Account a : access.users()) {
            logins.put(a.username(), new Login(a.username(), a.password(), a.role() == AccessProperties.Role.VIEWER,
                    true));
        }
        this.personalNames = access.users().stream().map(AccessProperties.Account::username)
                .collect(Collectors.toUnmodifiableSet());
        this.unknown = logins.values().stream().anyMatch(l -> Passwords.isHashed(l.password()))
                ? Passwords.hash("no such account".toCharArray()) : "";
        PathPatternParser parser = new PathPatternParser();
        this.open = access.open().stream().map(parser::parse).toList();
        this.clock = clock;
        this.required = access.enabled();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!required) {
            // an open service: whoever comes may see everything, the health's details too
            chain.doFilter(as(request, ANYONE), response);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        PathContainer container = PathContainer.parsePath(path);
        String address = request.getRemoteAddr();
        Instant now = clock.instant();
        if (open.stream().anyMatch(p -> p.matches(container))) {
            // open to all (the probes), its details to those who sign in: credentials sent are checked,
            // and wrong ones counted, as anywhere (else this path would test passwords unlimited)
            chain.doFilter(signedInOnOpenPath(request, address, now), response);
            return;
        }
        String header = request.getHeader("Authorization");
        Lock lock = lockedOut(address, header, now);
        if (lock != null) {
            refused.incrementAndGet();
            tooMany(request, response, path, address, lock, now);
            return;
        }
        if (header == null) {
            challenge(request, response, "this service needs a username and password (HTTP Basic)");
            return;
        }
        String notBasic = notBasic(header);
        if (notBasic != null) {
            // no password was tried: a client set up for another scheme is told so, and not locked out
            refused.incrementAndGet();
            log.warn("HTTP {} {} from {} refused: {}", request.getMethod(), path, address, notBasic);
            challenge(request, response, notBasic + ": this service takes a username and password (HTTP Basic)");
            return;
        }
        Checked checked = check(address, header, now);
        if (checked.lock() != null) {
            // locked out by the wrong credentials checked just before these, from the same address
            refused.incrementAndGet();
            tooMany(request, response, path, address, checked.lock(), now);
            return;
        }
        Login login = checked.login();
        if (login != null && login.readOnly() && !reads(request.getMethod(), container)) {
            log.warn("HTTP {} {} from {} refused: {} may only read", request.getMethod(), path, address, login.name());
            FilterProblems.write(request, response, 403, "forbidden", "Forbidden", String.format("%s may only read: %s %s "
                    + "changes something, which needs an operator's account", login.name(),
                    request.getMethod(), path), Map.of());
            return;
        }
        if (login != null) {
            signedIn(login, address, now);
            // who it is, for what records a user (an alarm's acknowledgement): getRemoteUser()
            String user = login.name();
            request.setAttribute(READ_ONLY, login.readOnly());
            request.setAttribute(PERSONAL, login.personal());
            request.setAttribute(PERSONAL_NAMES, personalNames);
            chain.doFilter(new HttpServletRequestWrapper(as(request, () -> user)) {
                @Override
                public String getRemoteUser() {
                    return user;
                }
            }, response);
            return;
        }
        log.warn("HTTP {} {} from {} refused: wrong username or password", request.getMethod(), path, address);
        challenge(request, response, "wrong username or password");
    }

    /** The 429 of a request that meets a lock-out, logged once a lock-out. */
    private void tooMany(HttpServletRequest request, HttpServletResponse response, String path, String address,
                         Lock lock, Instant now) throws IOException {
        String name = lock.key().name();
        long wait = Math.max(1, Duration.between(now, lock.until()).toSeconds());
        if (lock.failures().toLog()) {
            // once per lock-out: a script trying on would otherwise write a line per try; the name
            // only where it is an account's (one that is not may be a password typed in its place)
            log.warn("HTTP {} {} from {} refused: {} locked out for {} s after {} wrong credentials within {} "
                    + "minutes (its further requests until then are answered 429 and counted, not logged)",
                    request.getMethod(), path, address, name == null ? "the address is"
                            : logins.containsKey(name) ? name + " is" : "a name that is no account is",
                    wait, lock.failures().limit, FAILURE_WINDOW.toMinutes());
        }
        response.setHeader("Retry-After", String.valueOf(wait));
        FilterProblems.write(request, response, 429, "too-many-tries", "Too Many Requests", String.format(
                "%d requests with wrong credentials%s from %s within %d minutes: try again in %d s",
                lock.failures().limit, name == null ? "" : " for " + AlarmActions.oneLine(name), address,
                FAILURE_WINDOW.toMinutes(), wait), Map.of());
    }

    /** What checking Basic credentials came to: their account, or a lock-out met, or neither (wrong, and counted). */
    private record Checked(Login login, Lock lock) {
    }

    /**
     * Checks the Basic credentials of a request from {@code address} that met no lock-out: those
     * remembered pass at once; others are checked in the address's turn, against a lock-out its
     * earlier wrong ones may have set meanwhile, and counted there when wrong.
     */
    private Checked check(String address, String header, Instant now) {
        Login known = remembered(header, now);
        if (known != null) {
            return new Checked(known, null);
        }
        synchronized (stripes[Math.floorMod(address.hashCode(), STRIPES)]) {
            Instant at = clock.instant();
            Lock lock = lockedOut(address, header, at);
            if (lock != null) {
                return new Checked(null, lock);
            }
            Login login = login(header, at);
            if (login == null) {
                failed(address, header, at);
            }
            return new Checked(login, null);
        }
    }

    /** Who an open service's request is known as: anyone (the health's details are shown to whoever is known). */
    private static final Principal ANYONE = () -> "anyone";

    /** The request as {@code principal}'s: what the health asks to show its details. */
    private static HttpServletRequest as(HttpServletRequest request, Principal principal) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }
        };
    }

    /**
     * A request to an open path, as its sender's where it carries right credentials (and its address
     * is not locked out), else as no one's: a wrong password is counted and logged, not refused.
     */
    private HttpServletRequest signedInOnOpenPath(HttpServletRequest request, String address, Instant now) {
        String header = request.getHeader("Authorization");
        if (header == null || notBasic(header) != null || lockedOut(address, header, now) != null) {
            return request;
        }
        Checked checked = check(address, header, now);
        Login login = checked.login();
        if (checked.lock() != null) {
            return request;
        }
        if (login == null) {
            log.warn("HTTP {} {} from {}: wrong username or password (an open path: answered as to no one)",
                    request.getMethod(), request.getRequestURI(), address);
            return request;
        }
        String user = login.name();
        return as(request, () -> user);
    }

    /** A lock-out met: what it counts, its failures, and until when it lasts. */
    private record Lock(Key key, Failures failures, Instant until) {
    }

    /**
     * The lock-out a request from {@code address} with the Authorization {@code header} (null: none)
     * meets at {@code now}: the address's, else that of the name it sends there; null where neither is.
     */
    private Lock lockedOut(String address, String header, Instant now) {
        String name = sentName(header);
        for (Key key : name == null ? List.of(new Key(address, null))
                : List.of(new Key(address, null), new Key(address, name))) {
            Failures failed = failures.get(key);
            Instant until = failed == null ? null : failed.locked(now);
            if (until != null) {
                return new Lock(key, failed, until);
            }
        }
        return null;
    }

    /**
     * A wrong credential from {@code address} with the Basic {@code header}: counted towards the
     * lock-out of its name there and of the address, and as a refusal.
     */
    private void failed(String address, String header, Instant now) {
        count(new Key(address, null), MAX_ADDRESS_FAILURES, now);
        count(new Key(address, sentName(header)), MAX_FAILURES, now);
        refused.incrementAndGet();
    }

    private void count(Key key, int limit, Instant now) {
        if (!failures.containsKey(key) && failures.size() >= MAX_ADDRESSES) {
            makeRoom(now);
        }
        failures.computeIfAbsent(key, k -> new Failures(limit)).failed(now);
    }

    /** The name a Basic header sends, its first {@link #NAME_KEPT} characters; null where it sends none. */
    private static String sentName(String header) {
        if (header == null || notBasic(header) != null) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        String name = decoded.substring(0, decoded.indexOf(':'));
        return name.length() > NAME_KEPT ? name.substring(0, NAME_KEPT) : name;
    }

    /**
     * Forgets the addresses and names whose failures no longer count (none within the window, not
     * locked out), and where that leaves the table full (a flood of them), the tenth that failed
     * longest ago: one still guessing has failed lately, and stays.
     */
    private synchronized void makeRoom(Instant now) {
        if (failures.size() < MAX_ADDRESSES) {
            return;
        }
        Instant stale = now.minus(FAILURE_WINDOW);
        failures.values().removeIf(f -> f.locked(now) == null && f.last().isBefore(stale));
        if (failures.size() >= MAX_ADDRESSES) {
            List<Map.Entry<Key, Instant>> byLast = failures.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue().last()))
                    .sorted(Map.Entry.comparingByValue()).toList();
            byLast.subList(0, MAX_ADDRESSES / 10).forEach(e -> failures.remove(e.getKey()));
        }
    }

    /**
     * Logs an account's use from an address, once in {@link #REMEMBERED} for each: who came in,
     * from where, for a security review's audit (IEC 62443's auditable events: access granted as
     * well as refused), without a line for each of a dashboard's requests.
     */
    private void signedIn(Login login, String address, Instant now) {
        String key = login.name() + " " + address;
        Instant until = signedIn.get(key);
        if (until != null && now.isBefore(until)) {
            return;
        }
        if (signedIn.size() >= MAX_ADDRESSES) {
            signedIn.clear();
        }
        signedIn.put(key, now.plus(REMEMBERED));
        log.info("HTTP: {} ({}{}) came in from {}", login.name(), login.readOnly() ? "viewer" : "operator",
                login.personal() ? "" : ", shared", address);
    }

    /** Requests refused for wrong credentials, or while their address was locked out (not those without any). */
    public long refused() {
        return refused.get();
    }

    /**
     * Why an Authorization header carries no username and password to check, or null where it
     * does: another scheme (a Bearer token), or Basic's credentials not as Basic writes them.
     */
    private static String notBasic(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String scheme = header.strip().split("\\s", 2)[0];
            return scheme.isEmpty() ? "an empty Authorization header"
                    : "an Authorization header of another scheme than Basic ("
                    + AlarmActions.oneLine(scheme.length() > 20 ? scheme.substring(0, 20) + "…" : scheme) + ")";
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException notBase64) {
            return "Basic credentials that are not Base64";
        }
        return new String(decoded, StandardCharsets.UTF_8).indexOf(':') < 0
                ? "Basic credentials without the colon between username and password" : null;
    }

    /**
     * The account whose credentials the Authorization header carries (HTTP Basic, as {@link
     * #notBasic} has checked), or null: no such account, or the wrong password (checked in the
     * same time whatever the password).
     */
    private Login login(String header, Instant now) {
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        Login login = logins.get(decoded.substring(0, colon));
        String password = decoded.substring(colon + 1);
        if (login == null) {
            if (!unknown.isEmpty()) {
                hashed(unknown, password);
            }
            return null;
        }
        if (!Passwords.isHashed(login.password())) {
            if (Passwords.matches(login.password(), password)) {
                return login;
            }
            // as long as a wrong name takes where other passwords are hashed: the time tells no name
            if (!unknown.isEmpty()) {
                hashed(unknown, password);
            }
            return null;
        }
        String key = rememberedKey(header);
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = checking.putIfAbsent(key, mine);
        if (running != null) {
            // the same credentials are being checked for another request (every dashboard at a restart)
            return running.join() ? login : null;
        }
        try {
            boolean right = remembered(header, now) == login || hashed(login.password(), password);
            if (right) {
                if (remembered.size() >= MAX_REMEMBERED) {
                    remembered.clear();
                }
                remembered.put(key, new Remembered(login, now.plus(REMEMBERED)));
            }
            mine.complete(right);
            return right ? login : null;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(key, mine);
        }
    }

    /** The account of credentials checked against a hashed password lately, or null. */
    private Login remembered(String header, Instant now) {
        Remembered known = remembered.get(rememberedKey(header));
        return known != null && now.isBefore(known.until()) ? known.login() : null;
    }

    private static String rememberedKey(String header) {
        return Base64.getEncoder().encodeToString(Passwords.sha256(header.substring(6).trim()));
    }

    /** A PBKDF2 check of {@code password} against a hash, in its turn among the others. */
    private boolean hashed(String stored, String password) {
        hashing.acquireUninterruptibly();
        try {
            hashRuns.incrementAndGet();
            return Passwords.matches(stored, password);
        } finally {
            hashing.release();
        }
    }

    /** PBKDF2 runs so far. */
    long hashRuns() {
        return hashRuns.get();
    }

    private static boolean reads(String method, PathContainer path) {
        return READING.contains(method) || (method.equals("POST") && OFFLINE_READ.matches(path));
    }

    private static void challenge(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"Meter Reader\", charset=\"UTF-8\"");
        FilterProblems.write(request, response, 401, "unauthorized", "Unauthorized", detail, Map.of());
    }
}
