package io.meterreader.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import java.net.InetSocketAddress;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.channel.messages.ErrorMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ForeignConnectionsTest {

    private final LoggerContext context = new LoggerContext();
    private final ch.qos.logback.classic.Logger hello =
            context.getLogger("org.eclipse.milo.opcua.stack.server.transport.uasc.UascServerHelloHandler");
    private long now = 0;
    private final ForeignConnections filter = new ForeignConnections(() -> now);

    private FilterReply refused(String host, int port) {
        ErrorMessage sent = new ErrorMessage(StatusCodes.Bad_TcpMessageTooLarge, "max message length exceeded (1 > 0)");
        return filter.decide(null, hello, Level.ERROR, "[remote={}] Exception caught; sent {}",
                new Object[] {new InetSocketAddress(host, port), sent, new RuntimeException("garbage")}, null);
    }

    @Test
    void oneLineAMinuteForEachHost_withTheLinesLeftOutCounted(CapturedOutput output) {
        assertThat(refused("10.0.0.7", 5000)).isEqualTo(FilterReply.DENY);
        assertThat(refused("10.0.0.7", 5001)).isEqualTo(FilterReply.DENY);
        assertThat(refused("10.0.0.8", 6000)).as("another host has its own line").isEqualTo(FilterReply.DENY);
        now += ForeignConnections.QUIET_NANOS - 1;
        refused("10.0.0.7", 5002);
        assertThat(output.getOut().split("does not speak OPC UA", -1)).hasSize(3);
        now += 1;
        refused("10.0.0.7", 5003);
        assertThat(output.getOut()).contains("refused a connection from /10.0.0.7:5000 that does not speak OPC UA:"
                        + " answered Bad_TcpMessageTooLarge (max message length exceeded (1 > 0))")
                .contains("from /10.0.0.8:6000")
                .contains("from /10.0.0.7:5003 that does not speak OPC UA: answered Bad_TcpMessageTooLarge"
                        + " (max message length exceeded (1 > 0)) (2 more from 10.0.0.7 since the last such line)");
    }

    @Test
    void aBindThatFails_isOneLine_notTwoStackTraces(CapturedOutput output) {
        assertThat(filter.decide(null, context.getLogger("org.eclipse.milo.opcua.stack.server.UaStackServer"),
                Level.WARN, "Bind failed for endpoint {}", new Object[] {"opc.tcp://vm:4860/meter-reader"},
                new java.util.concurrent.CompletionException(new java.net.BindException("Address already in use"))))
                .isEqualTo(FilterReply.DENY);
        assertThat(output.getOut()).contains("OPC UA: cannot listen for opc.tcp://vm:4860/meter-reader: Address "
                + "already in use").doesNotContain("CompletionException");
    }

    @Test
    void leavesEveryOtherLogLineAlone() {
        assertThat(filter.decide(null, hello, Level.DEBUG, "[remote={}] UaException caught; sent {}",
                new Object[] {"a", "b"}, null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, context.getLogger("io.meterreader.Other"), Level.ERROR,
                "[remote={}] Exception caught; sent {}", new Object[] {"a", "b"}, null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, hello, Level.ERROR, "Error decoding {}", new Object[] {"a", "b"}, null))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
