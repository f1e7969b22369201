package io.meterreader.opcua;

import io.meterreader.frame.AlarmActions;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.eclipse.milo.opcua.stack.core.channel.messages.ErrorMessage;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Milo's transport logs a connection that does not speak OPC UA (an HTTP probe, a port scanner,
 * garbage) as an ERROR with two stack traces, about 25 lines, and often twice: anyone who can
 * reach the port could fill the service's log. This filter puts one line of ours in its place, a
 * WARN naming the address and what Milo told it, at most once a minute for each host; the lines
 * left out meanwhile are counted in the next. Milo's WARN that it cannot bind an endpoint (the port
 * in use) comes with a 40-line stack trace, twice, before the service's own report of it: one line
 * of ours, naming the endpoint and why, takes its place.
 */
final class ForeignConnections extends TurboFilter {

    private static final Logger log = LoggerFactory.getLogger(OpcUaOutput.class);
    private static final String TRANSPORT = "org.eclipse.milo.opcua.stack.server.transport.uasc.";
    private static final String STACK_SERVER = "org.eclipse.milo.opcua.stack.server.UaStackServer";
    static final long QUIET_NANOS = 60_000_000_000L;
    /** Hosts remembered at most; a scan from many addresses starts the memory afresh. */
    private static final int MAX_HOSTS = 1024;

    private final LongSupplier nanoTime;
    private final Map<String, long[]> hosts = new HashMap<>();   // host -> {last line's time, left out since}

    ForeignConnections(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        setName(ForeignConnections.class.getName());
    }

    /** Puts the filter in the service's logging, once (Spring Boot's logging is Logback). */
    static void install() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        synchronized (context) {
            boolean there = context.getTurboFilterList().stream().anyMatch(f -> f instanceof ForeignConnections);
            if (!there) {
                ForeignConnections filter = new ForeignConnections(System::nanoTime);
                filter.start();
                context.addTurboFilter(filter);
            }
        }
    }

    @Override
    public FilterReply decide(Marker marker, ch.qos.logback.classic.Logger logger, Level level, String format,
                              Object[] params, Throwable t) {
        if (level == Level.WARN && format != null && format.startsWith("Bind failed for endpoint")
                && logger.getName().equals(STACK_SERVER)) {
            Throwable why = t != null ? t : params != null && params.length > 0
                    && params[params.length - 1] instanceof Throwable last ? last : null;
            while (why != null && why.getCause() != null) {
                why = why.getCause();
            }
            log.warn("OPC UA: cannot listen for {}: {}", params == null || params.length == 0 ? "an endpoint" : params[0],
                    why == null ? "the bind failed" : why.getMessage());
            return FilterReply.DENY;
        }
        if (level != Level.ERROR || format == null || !logger.getName().startsWith(TRANSPORT)
                || !format.startsWith("[remote={}] Exception caught") || params == null || params.length < 2) {
            return FilterReply.NEUTRAL;
        }
        String host = host(params[0]);
        long now = nanoTime.getAsLong();
        long leftOut;
        synchronized (hosts) {
            long[] seen = hosts.get(host);
            if (seen != null && now - seen[0] < QUIET_NANOS) {
                seen[1]++;
                return FilterReply.DENY;
            }
            if (seen == null && hosts.size() >= MAX_HOSTS) {
                hosts.clear();
            }
            leftOut = seen == null ? 0 : seen[1];
            hosts.put(host, new long[] {now, 0});
        }
        log.warn("OPC UA: refused a connection from {} that does not speak OPC UA: {}{}", params[0], said(params[1]),
                leftOut == 0 ? "" : " (" + leftOut + " more from " + host + " since the last such line)");
        return FilterReply.DENY;
    }

    private static String host(Object remote) {
        if (remote instanceof InetSocketAddress address) {
            return address.getHostString();
        }
        return remote instanceof SocketAddress ? remote.toString() : String.valueOf(remote);
    }

    private static String said(Object sent) {
        if (sent instanceof ErrorMessage error) {
            String name = error.getError().toString();
            String reason = error.getReason() == null ? "" : error.getReason();
            return "answered " + statusName(name) + (reason.isEmpty() ? "" : " (" + oneLine(reason) + ")");
        }
        return "answered " + oneLine(String.valueOf(sent));
    }

    /** Milo's StatusCode prints as StatusCode{name=Bad_TcpMessageTooLarge, value=..., quality=bad}. */
    private static String statusName(String statusCode) {
        int at = statusCode.indexOf("name=");
        if (at < 0) {
            return statusCode;
        }
        int end = statusCode.indexOf(',', at);
        return statusCode.substring(at + 5, end < 0 ? statusCode.length() : end);
    }

    /** Milo's reason may carry the bytes' own text (a buffer's dump): one line, 200 characters at most. */
    private static String oneLine(String text) {
        String line = AlarmActions.oneLine(text);
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
