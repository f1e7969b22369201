package io.meterreader.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.config.ConfigurationException;
import io.meterreader.config.ModbusProperties;
import io.meterreader.frame.AlarmShelf;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.testing.FreePorts;
import io.meterreader.testing.SettableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

class ModbusServerTest {

    private static final Instant T0 = Instant.parse("2026-12-06T05:00:00Z");
    private final SettableClock clock = new SettableClock(T0);
    private ModbusServer server;

    private ModbusServer start(int maxClients, ModbusProperties.Register... meters) throws IOException {
        return start(ModbusProperties.WordOrder.HIGH_FIRST, maxClients, Duration.ofMinutes(2), meters);
    }

    private ModbusServer start(ModbusProperties.WordOrder order, int maxClients, Duration idle,
                               ModbusProperties.Register... meters) throws IOException {
        server = new ModbusServer(new ModbusProperties(FreePorts.next(), "127.0.0.1", maxClients, idle, order,
                List.of(meters)), clock);
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Reading reading(String meter, ReadingStatus status, Double value, AlarmState alarm, double confidence) {
        return new Reading(meter, "cam1", status, value, "bar", value == null ? null : 0.5, confidence, alarm, T0,
                T0.plusMillis(120));
    }

    private static float floatOf(int high, int low) {
        return Float.intBitsToFloat(high << 16 | low);
    }

    @Test
    void aMetersBlock_holdsItsValueStatusAlarmConfidenceAndAge() throws Exception {
        start(16, new ModbusProperties.Register("boiler", 100));
        try (ModbusClient plc = new ModbusClient(server.port())) {
            int[] none = plc.read(3, 100, 8);
            assertThat(floatOf(none[0], none[1])).isNaN();
            assertThat(none[2]).as("no reading yet").isEqualTo(65535);
            assertThat(none[5]).isEqualTo(65535);
            assertThat(none[6] << 16 | none[7]).isEqualTo(Integer.MIN_VALUE);

            server.accept(reading("boiler", ReadingStatus.OK, 13.25, AlarmState.HIGH, 0.84));
            clock.advance(Duration.ofSeconds(7));
            int[] ok = plc.read(3, 100, 8);
            assertThat(floatOf(ok[0], ok[1])).isEqualTo(13.25f);
            assertThat(ok).containsSequence(0, 2, 840, 7);
            assertThat(ok[6] << 16 | ok[7]).isEqualTo(13250);
            assertThat(plc.read(4, 100, 8)).as("input registers are the same").isEqualTo(ok);

            server.accept(reading("boiler", ReadingStatus.IMPLAUSIBLE, null, AlarmState.NONE, 0.3));
            int[] held = plc.read(3, 100, 8);
            assertThat(floatOf(held[0], held[1])).as("the last OK value").isEqualTo(13.25f);
            assertThat(held[2]).isEqualTo(6);
            assertThat(held[3]).as("the last OK value's alarm").isEqualTo(2);
            assertThat(held[4]).isEqualTo(300);

            server.accept(reading("boiler", ReadingStatus.OK, -2.5, AlarmState.LOW, 1.0));
            int[] negative = plc.read(3, 106, 2);
            assertThat(negative[0] << 16 | negative[1]).isEqualTo(-2500);

            server.accept(reading("boiler", ReadingStatus.OUT_OF_SERVICE, null, AlarmState.NONE, 0));
            int[] away = plc.read(3, 100, 8);
            assertThat(floatOf(away[0], away[1])).as("out of service: no value, not the last OK one").isNaN();
            assertThat(away[2]).isEqualTo(8);
            assertThat(away[3]).as("nor its alarm").isZero();
            assertThat(away[5]).isEqualTo(65535);
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aMetersDiscreteInputs_sayOkBeyondALimitUnacknowledgedShelvedOutOfServiceAndStuck(
            CapturedOutput output) throws Exception {
        start(16, new ModbusProperties.Register("boiler", 100), new ModbusProperties.Register("tank", 108));
        try (ModbusClient plc = new ModbusClient(server.port())) {
            assertThat(plc.readBits(2, 100, 16)).as("nothing read yet").containsOnly(false);

            server.accept(reading("boiler", ReadingStatus.OK, 13.25, AlarmState.HIGH, 0.84));
            MeterAlarm raised = new MeterAlarm("boiler", AlarmState.HIGH, AlarmState.HIGH, false, T0, T0, 13.25,
                    "bar", null, "", "", null, null);
            server.alarm(raised);
            server.stuck("tank", T0);
            server.stuck("unmapped", T0);
            assertThat(plc.readBits(2, 100, 16)).containsExactly(
                    true, true, true, false, false, false, false, false,
                    false, false, false, false, false, true, false, false);
            assertThat(plc.readBits(1, 100, 16)).as("coils are the same").isEqualTo(plc.readBits(2, 100, 16));
            assertThat(plc.readBits(2, 101, 3)).as("read from a block's middle").containsExactly(true, true, false);

            server.alarm(new MeterAlarm("boiler", AlarmState.HIGH, AlarmState.HIGH, true, T0, T0.plusSeconds(6),
                    13.25, "bar", T0.plusSeconds(5), "ana", "", new AlarmShelf(T0.plusSeconds(6), null, "ana",
                    "chattering"), null));
            server.accept(reading("boiler", ReadingStatus.LOW_CONFIDENCE, null, AlarmState.NONE, 0.2));
            server.stuck("tank", null);
            assertThat(plc.readBits(2, 100, 14)).as("acknowledged, shelved, not OK, beyond the limit still")
                    .containsExactly(false, true, false, true, false, false, false, false,
                            false, false, false, false, false, false);

            server.alarm(raised);
            server.accept(reading("boiler", ReadingStatus.OUT_OF_SERVICE, null, AlarmState.NONE, 0));
            assertThat(plc.readBits(2, 100, 8)).as("out of service: no alarm of its own")
                    .containsExactly(false, false, false, false, true, false, false, false);

            assertThat(plc.request((byte) 2, (byte) 0, (byte) 0, (byte) 0x07, (byte) 0xD1))
                    .as("more than 2000 inputs: illegal data value").containsExactly(0x82, 3);
            assertThat(plc.readBits(2, 0, 2000)).as("2000 at once").hasSize(2000);
            server.stuck("tank", T0);
            server.forget("tank");
            assertThat(plc.readBits(2, 113, 1)).as("forgotten").containsExactly(false);
            assertThat(output.getOut()).as("a meter the map names, said once removed").containsPattern(
                    "the register map names meter tank \\(register \\d+\\), whose calibration was removed");
        }
    }

    @Test
    void lowWordFirst_swapsTheTwoRegistersOfEach32BitValue() throws Exception {
        start(ModbusProperties.WordOrder.LOW_FIRST, 16, Duration.ofMinutes(2),
                new ModbusProperties.Register("boiler", 0));
        server.accept(reading("boiler", ReadingStatus.OK, 13.25, AlarmState.NONE, 0.84));
        try (ModbusClient plc = new ModbusClient(server.port())) {
            int[] r = plc.read(3, 0, 8);
            assertThat(floatOf(r[1], r[0])).isEqualTo(13.25f);
            assertThat(r[7] << 16 | r[6]).isEqualTo(13250);
            assertThat(r[2]).as("16-bit registers as they were").isZero();
        }
    }

    @Test
    void aRangeOverGaps_readsZeroWhereNoMeterIs_andOthersMetersWhereTheyAre() throws Exception {
        start(16, new ModbusProperties.Register("boiler", 100), new ModbusProperties.Register("tank", 110));
        server.accept(reading("boiler", ReadingStatus.OK, 1.0, AlarmState.NONE, 0.9));
        server.accept(reading("tank", ReadingStatus.OK, 2.0, AlarmState.NONE, 0.9));
        server.accept(reading("unmapped", ReadingStatus.OK, 3.0, AlarmState.NONE, 0.9));
        try (ModbusClient plc = new ModbusClient(server.port())) {
            int[] r = plc.read(3, 98, 22);
            assertThat(r[0]).isZero();
            assertThat(r[1]).isZero();
            assertThat(floatOf(r[2], r[3])).isEqualTo(1.0f);
            assertThat(r[10]).isZero();
            assertThat(r[11]).isZero();
            assertThat(floatOf(r[12], r[13])).isEqualTo(2.0f);
            int[] tail = plc.read(3, 103, 1);
            assertThat(tail[0]).as("a block read from its middle").isEqualTo(0);

            server.forget("tank");
            assertThat(plc.read(3, 112, 1)[0]).as("forgotten: no reading").isEqualTo(65535);
        }
    }

    @Test
    void requestsItCannotAnswer_getModbusExceptions_andGarbageClosesTheConnection() throws Exception {
        start(16, new ModbusProperties.Register("boiler", 0));
        try (ModbusClient plc = new ModbusClient(server.port())) {
            assertThat(plc.request((byte) 6, (byte) 0, (byte) 0, (byte) 0, (byte) 1))
                    .as("write single register: illegal function").containsExactly(0x86, 1);
            assertThat(plc.request((byte) 3, (byte) 0, (byte) 0, (byte) 0, (byte) 126))
                    .as("more than 125 registers: illegal data value").containsExactly(0x83, 3);
            assertThat(plc.request((byte) 4, (byte) 0xFF, (byte) 0xFA, (byte) 0, (byte) 10))
                    .as("beyond register 65535: illegal data address").containsExactly(0x84, 2);
            assertThat(plc.read(3, 0, 2)).as("and the connection serves on").hasSize(2);
        }
        try (ModbusClient stranger = new ModbusClient(server.port())) {
            stranger.send("GET / HTTP/1.1\r\n\r\n".getBytes());
            assertThat(stranger.closedByServer()).isTrue();
        }
    }

    @Test
    void aClientThatSendsNothing_isClosedAfterTheIdleTimeout_freeingItsSlot() throws Exception {
        start(ModbusProperties.WordOrder.HIGH_FIRST, 1, Duration.ofMillis(300),
                new ModbusProperties.Register("boiler", 0));
        try (ModbusClient silent = new ModbusClient(server.port())) {
            long start = System.nanoTime();
            assertThat(silent.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
        long end = System.nanoTime() + 5_000_000_000L;
        while (server.clients() > 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        try (ModbusClient next = new ModbusClient(server.port())) {
            assertThat(next.read(3, 0, 1)).as("the slot is free again").hasSize(1);
        }
    }

    @Test
    void aClientThatDripsItsRequestAByteAtATime_isClosedAfterTheIdleTimeout_too() throws Exception {
        start(ModbusProperties.WordOrder.HIGH_FIRST, 1, Duration.ofMillis(600),
                new ModbusProperties.Register("boiler", 0));
        byte[] request = {0, 1, 0, 0, 0, 6, 1, 3, 0, 0, 0, 1};
        try (ModbusClient drip = new ModbusClient(server.port())) {
            // a byte every 200 ms: each within the timeout, the request not whole after 600 ms
            boolean refused = false;
            for (int i = 0; i < request.length && !refused; i++) {
                try {
                    drip.send(new byte[] {request[i]});
                    Thread.sleep(200);
                } catch (java.net.SocketException e) {
                    refused = true;
                }
            }
            assertThat(drip.closedByServer()).as("closed, not answered once the request was whole").isTrue();
        }
    }

    @Test
    void clientsBeyondTheLimit_areClosed() throws Exception {
        start(1, new ModbusProperties.Register("boiler", 0));
        try (ModbusClient first = new ModbusClient(server.port())) {
            first.read(3, 0, 1);
            try (ModbusClient second = new ModbusClient(server.port())) {
                assertThat(second.closedByServer()).isTrue();
            }
            assertThat(first.read(3, 0, 1)).hasSize(1);
            assertThat(server.clients()).isEqualTo(1);
        }
    }

    @Test
    void aMachineHoldingEverySlot_makesRoomForAnother_butNotForItselfNorForOneHoldingItsShare() throws Exception {
        // three idle connections from one machine shut out the SCADA until they timed out
        start(3, new ModbusProperties.Register("boiler", 0));
        try (ModbusClient hog1 = new ModbusClient(server.port(), "127.0.0.3");
             ModbusClient hog2 = new ModbusClient(server.port(), "127.0.0.3");
             ModbusClient hog3 = new ModbusClient(server.port(), "127.0.0.3")) {
            hog1.read(3, 0, 1);
            hog2.read(3, 0, 1);
            hog3.read(3, 0, 1);
            try (ModbusClient more = new ModbusClient(server.port(), "127.0.0.3")) {
                assertThat(more.closedByServer()).as("no room for a fourth of its own").isTrue();
            }
            try (ModbusClient scada = new ModbusClient(server.port(), "127.0.0.4")) {
                assertThat(scada.read(3, 0, 8)).as("served").hasSize(8);
                assertThat(server.clients()).isEqualTo(3);
                // 127.0.0.3 holds two to its one now, its share: no more of its slots go to 127.0.0.4
                try (ModbusClient second = new ModbusClient(server.port(), "127.0.0.4")) {
                    assertThat(second.closedByServer()).isTrue();
                }
                // but one goes to a third machine, which holds none
                try (ModbusClient historian = new ModbusClient(server.port(), "127.0.0.5")) {
                    assertThat(historian.read(4, 0, 8)).hasSize(8);
                    assertThat(scada.read(3, 0, 1)).as("still served").hasSize(1);
                }
            }
        }
    }

    @Test
    void withAnAllowList_onlyItsAddressesAreServed() throws Exception {
        server = new ModbusServer(new ModbusProperties(FreePorts.next(), "127.0.0.1", 16, Duration.ofMinutes(2),
                ModbusProperties.WordOrder.HIGH_FIRST, List.of(new ModbusProperties.Register("boiler", 0)), null,
                List.of("127.0.0.2", "127.0.1.0/24")), clock);
        server.start();
        try (ModbusClient plc = new ModbusClient(server.port(), "127.0.0.2");
             ModbusClient scada = new ModbusClient(server.port(), "127.0.1.9")) {
            assertThat(plc.read(3, 0, 8)).hasSize(8);
            assertThat(scada.read(4, 0, 8)).hasSize(8);
        }
        try (ModbusClient stranger = new ModbusClient(server.port(), "127.0.0.1")) {
            assertThat(stranger.closedByServer()).isTrue();
        }
        try (ModbusClient nextBlock = new ModbusClient(server.port(), "127.0.2.1")) {
            assertThat(nextBlock.closedByServer()).isTrue();
        }
        assertThat(server.refusedConnections()).isEqualTo(2);
    }

    @Test
    void withAUnitId_otherUnitsGetTheGatewayException_andWithoutOneEveryUnitIsAnswered() throws Exception {
        server = new ModbusServer(new ModbusProperties(FreePorts.next(), "127.0.0.1", 16, Duration.ofMinutes(2),
                ModbusProperties.WordOrder.HIGH_FIRST, List.of(new ModbusProperties.Register("boiler", 0)), 1,
                List.of()), clock);
        server.start();
        try (ModbusClient plc = new ModbusClient(server.port())) {
            assertThat(plc.unit(1).read(3, 0, 8)).hasSize(8);
            byte[] other = plc.unit(2).request((byte) 3, (byte) 0, (byte) 0, (byte) 0, (byte) 8);
            assertThat(other).containsExactly(0x83, 11);
            assertThat(plc.unit(1).read(4, 0, 2)).as("the connection goes on").hasSize(2);
        }
        server.close();
        start(16, new ModbusProperties.Register("boiler", 0));
        try (ModbusClient plc = new ModbusClient(server.port())) {
            assertThat(plc.unit(2).read(3, 0, 8)).hasSize(8);
            assertThat(plc.unit(255).read(3, 0, 8)).hasSize(8);
        }
    }

    @Test
    void anAllowListEntryThatIsNoAddress_isAConfigurationError() {
        assertThatThrownBy(() -> new ModbusProperties(5020, "0.0.0.0", 16, Duration.ofMinutes(2),
                ModbusProperties.WordOrder.HIGH_FIRST, List.of(), null, List.of("10.0.0.0/8", "plc.plant.local")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("meter-reader.modbus.allowed-clients[1]")
                .hasMessageContaining("must be an IP address or a block such as 10.0.1.0/24, got 'plc.plant.local'");
        assertThatThrownBy(() -> new ModbusProperties(5020, "0.0.0.0", 16, Duration.ofMinutes(2),
                ModbusProperties.WordOrder.HIGH_FIRST, List.of(), null, List.of("10.0.0.0/33")))
                .hasMessageContaining("the prefix of '10.0.0.0/33' must be 0 to 32");
    }

    @Test
    void overlappingBlocks_orAMeterMappedTwice_areConfigurationErrors() {
        assertThatThrownBy(() -> new ModbusProperties(5020, "0.0.0.0", 16, Duration.ofMinutes(2),
                ModbusProperties.WordOrder.HIGH_FIRST, List.of(
                new ModbusProperties.Register("boiler", 100), new ModbusProperties.Register("tank", 104))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("meter-reader.modbus.meters[1].register")
                .hasMessageContaining("104 overlaps meter boiler's block (registers 100-107");
        assertThatThrownBy(() -> new ModbusProperties(5020, "0.0.0.0", 16, Duration.ofMinutes(2),
                ModbusProperties.WordOrder.HIGH_FIRST, List.of(
                new ModbusProperties.Register("boiler", 100), new ModbusProperties.Register("boiler", 200))))
                .hasMessageContaining("maps meter boiler a second time");
    }

    @Test
    void aPortInUse_isAConfigurationError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            ModbusServer s = new ModbusServer(new ModbusProperties(taken.getLocalPort(), "0.0.0.0", 16,
                    Duration.ofMinutes(2), ModbusProperties.WordOrder.HIGH_FIRST, List.of()),
                    clock);
            assertThatThrownBy(s::start).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("meter-reader.modbus.port cannot be listened on");
        }
    }
}
