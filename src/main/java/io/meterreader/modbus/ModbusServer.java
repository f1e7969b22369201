package io.meterreader.modbus;

import io.meterreader.config.AddressBlock;
import io.meterreader.config.ConfigurationException;
import io.meterreader.config.ModbusProperties;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Modbus TCP server (function 3, read holding registers, and 4, read input registers, alike)
 * of the mapped meters' latest readings. Each meter's block of {@value ModbusProperties#BLOCK}
 * registers, from its configured first register {@code N}:
 * <pre>
 * N, N+1   value, IEEE 754 float (high word first, or low first with word-order low-first): the
 *          last OK value (NaN before the first, and while the meter is out of service)
 * N+2      status of the latest reading: 0 OK, 1 NOT_DETECTED, 2 POINTER_NOT_FOUND, 3 SCALE_NOT_FOUND,
 *          4 LOW_CONFIDENCE, 5 OUT_OF_RANGE, 6 IMPLAUSIBLE, 7 CAMERA_DOWN, 8 OUT_OF_SERVICE; 65535 no
 *          reading yet
 * N+3      alarm of the last OK value: 0 none, 1 low, 2 high (0 while out of service)
 * N+4      confidence of the latest reading, 0..1000
 * N+5      age of the value in seconds (capture time to now), 65535 when older or none
 * N+6, N+7 value times 1000, signed 32-bit, in the same word order, for a PLC without floats
 *          (-2147483648 before the first OK value; saturated beyond the range)
 * </pre>
 * The same addresses as discrete inputs (function 1, read coils, and 2, read discrete inputs,
 * alike), {@value ModbusProperties#BLOCK} a meter from {@code N}, for a PLC that tests bits:
 * <pre>
 * N        the latest reading is OK
 * N+1      the last OK value is beyond an alarm limit (as N+3)
 * N+2      the meter's alarm is on the alarm list unacknowledged
 * N+3      the meter's alarm is shelved
 * N+4      the meter is out of service
 * N+5      the meter looks stuck (its calibration's stuck-after)
 * N+6, N+7 0 (kept)
 * </pre>
 * A register or input no meter's block holds reads 0. One thread per connection, at most
 * {@code max-clients} (where all are taken, a newcomer takes the slot idle longest of an address that
 * holds more than its share), each closed after {@code idle-timeout} without a request; a request that is
 * not Modbus TCP closes its connection, one for another function or beyond the registers gets
 * Modbus's exception response.
 */
public final class ModbusServer implements Consumer<Reading>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModbusServer.class);
    /** Registers a request may read at once (the protocol's own limit). */
    static final int MAX_COUNT = 125;
    /** Discrete inputs a request may read at once (the protocol's own limit). */
    static final int MAX_BITS = 2000;
    private static final int ILLEGAL_FUNCTION = 1;
    private static final int ILLEGAL_DATA_ADDRESS = 2;
    private static final int ILLEGAL_DATA_VALUE = 3;
    /** "Gateway target device failed to respond": the request was for another unit. */
    private static final int GATEWAY_TARGET_FAILED = 11;

    /** A meter's last OK value (null: none yet), with its capture time and alarm, and its latest reading. */
    private record Latest(Double value, Instant captured, AlarmState alarm, Reading reading) {
    }

    private final ModbusProperties config;
    private final Clock clock;
    /** First register of each mapped meter's block, by register. */
    private final TreeMap<Integer, String> blocks = new TreeMap<>();
    private final Set<String> mapped;
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();
    /** Each mapped meter's alarm as the alarm list last told it. */
    private final Map<String, MeterAlarm> alarms = new ConcurrentHashMap<>();
    /** The mapped meters that look stuck. */
    private final Set<String> stuck = ConcurrentHashMap.newKeySet();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    /** When each client connected or last sent a whole request. */
    private final Map<Socket, Instant> lastRequest = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong refusedConnections = new AtomicLong();
    private final List<AddressBlock> allowedClients;
    /** When each address's trouble of each kind was last logged. */
    private final Map<String, Instant> troubleLogged = new ConcurrentHashMap<>();
    private volatile ServerSocket server;
    private volatile boolean closed;

    public ModbusServer(ModbusProperties config, Clock clock) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("no Modbus port");
        }
        this.config = config;
        this.clock = clock;
        this.allowedClients = config.allowedBlocks();
        config.meters().forEach(r -> blocks.put(r.register(), r.meter()));
        this.mapped = Set.copyOf(blocks.values());
    }

    /** Starts listening; a port that is taken stops start-up as a configuration error. */
    public synchronized void start() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()));
            server = s;
        } catch (IOException e) {
            throw new ConfigurationException("meter-reader.modbus.port", "cannot be listened on at "
                    + config.bindAddress() + ":" + config.port() + " (" + e.getMessage() + ")");
        }
        Thread acceptor = new Thread(this::acceptClients, "modbus-server");
        acceptor.setDaemon(true);
        acceptor.start();
        log.info("Modbus TCP: serving {} meter(s) at {}:{} (function 3 or 4, {} registers a meter; 1 or 2, as many "
                + "inputs)", blocks.size(),
                config.bindAddress(), port(), ModbusProperties.BLOCK);
    }

    /** The port listened on (the configured one; the one given, where 0 was configured in tests). */
    public int port() {
        ServerSocket s = server;
        return s == null ? config.port() : s.getLocalPort();
    }

    public int clients() {
        return clients.size();
    }

    /** Requests answered so far (registers, or an exception response). */
    public long requests() {
        return requests.get();
    }

    public int meters() {
        return blocks.size();
    }

    @Override
    public void accept(Reading reading) {
        if (!mapped.contains(reading.meterId())) {
            return;
        }
        // a meter out of service has no value: what it last read was before the gauge went away
        latest.compute(reading.meterId(), (id, was) -> reading.isOk()
                ? new Latest(reading.value(), reading.captureTime(), reading.alarm(), reading)
                : was == null || reading.status() == ReadingStatus.OUT_OF_SERVICE
                ? new Latest(null, null, AlarmState.NONE, reading)
                : new Latest(was.value(), was.captured(), was.alarm(), reading));
    }

    /** A change of a meter's alarm on the alarm list (unacknowledged, shelved: the discrete inputs). */
    public void alarm(MeterAlarm alarm) {
        if (mapped.contains(alarm.meterId())) {
            alarms.put(alarm.meterId(), alarm);
        }
    }

    /** A watched meter stuck since {@code since}, or no longer stuck (null). */
    public void stuck(String meterId, Instant since) {
        if (since == null) {
            stuck.remove(meterId);
        } else if (mapped.contains(meterId)) {
            stuck.add(meterId);
        }
    }

    /**
     * A meter no longer calibrated reads as no reading, as before its first; one the register map
     * names is logged, as at start-up (a PLC polling its block reads NaN from now on, where the log
     * had said only that the meter was removed: the live-edit audit renamed one).
     */
    public void forget(String meterId) {
        latest.remove(meterId);
        alarms.remove(meterId);
        stuck.remove(meterId);
        blocks.forEach((register, meter) -> {
            if (meter.equals(meterId)) {
                log.warn("Modbus TCP: the register map names meter {} (register {}), whose calibration was removed; "
                        + "its block reads as no reading until a calibration file has it again", meterId, register);
            }
        });
    }

    /** The registers from {@code address}, as a request for {@code count} of them would read them now. */
    short[] registers(int address, int count) {
        short[] out = new short[count];
        Instant now = clock.instant();
        spans(address, count, (meterId, from, to, at) -> System.arraycopy(block(meterId, now), from, out, at,
                to - from));
        return out;
    }

    /** The discrete inputs from {@code address}, as a request for {@code count} of them would read them now. */
    boolean[] inputs(int address, int count) {
        boolean[] out = new boolean[count];
        spans(address, count, (meterId, from, to, at) -> System.arraycopy(inputs(meterId), from, out, at, to - from));
        return out;
    }

    /** The part of a meter's block a request reads: its places {@code from} to {@code to}, at {@code at} of the answer. */
    private interface Span {
        void copy(String meterId, int from, int to, int at);
    }

    /** Each part of a meter's block that the addresses {@code address} to {@code address + count} hold. */
    private void spans(int address, int count, Span span) {
        int end = address + count;
        int r = address;
        while (r < end) {
            Map.Entry<Integer, String> block = blocks.floorEntry(r);
            if (block == null || r >= block.getKey() + ModbusProperties.BLOCK) {
                r++;
                continue;
            }
            int from = r - block.getKey();
            int to = Math.min(ModbusProperties.BLOCK, end - block.getKey());
            span.copy(block.getValue(), from, to, r - address);
            r += to - from;
        }
    }

    private boolean[] inputs(String meterId) {
        Latest l = latest.get(meterId);
        MeterAlarm alarm = alarms.get(meterId);
        boolean outOfService = l != null && l.reading().status() == ReadingStatus.OUT_OF_SERVICE;
        boolean[] b = new boolean[ModbusProperties.BLOCK];
        b[0] = l != null && l.reading().isOk();
        b[1] = l != null && l.alarm() != AlarmState.NONE;
        b[2] = alarm != null && !alarm.acknowledged() && !outOfService;
        b[3] = alarm != null && alarm.shelved() && !outOfService;
        b[4] = outOfService;
        b[5] = stuck.contains(meterId);
        return b;
    }

    private short[] block(String meterId, Instant now) {
        Latest l = latest.get(meterId);
        short[] b = new short[ModbusProperties.BLOCK];
        float value = l == null || l.value() == null ? Float.NaN : l.value().floatValue();
        put32(b, 0, Float.floatToIntBits(value));
        b[2] = (short) (l == null ? 0xFFFF : status(l.reading().status()));
        b[3] = (short) (l == null ? 0 : switch (l.alarm()) {
            case NONE -> 0;
            case LOW -> 1;
            case HIGH -> 2;
        });
        b[4] = (short) (l == null ? 0 : Math.round(Math.max(0, Math.min(1, l.reading().confidence())) * 1000));
        long age = l == null || l.captured() == null ? Long.MAX_VALUE : Duration.between(l.captured(), now).toSeconds();
        b[5] = (short) Math.max(0, Math.min(0xFFFF, age));
        int scaled = l == null || l.value() == null ? Integer.MIN_VALUE
                : (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, Math.round(l.value() * 1000)));
        put32(b, 6, scaled);
        return b;
    }

    /** A 32-bit value into two registers, in the configured word order. */
    private void put32(short[] registers, int at, int value) {
        boolean highFirst = config.wordOrder() == ModbusProperties.WordOrder.HIGH_FIRST;
        registers[at] = (short) (highFirst ? value >>> 16 : value);
        registers[at + 1] = (short) (highFirst ? value : value >>> 16);
    }

    /** The register's code of a reading status (fixed: a PLC program tests these numbers). */
    static int status(ReadingStatus status) {
        return switch (status) {
            case OK -> 0;
            case NOT_DETECTED -> 1;
            case POINTER_NOT_FOUND -> 2;
            case SCALE_NOT_FOUND -> 3;
            case LOW_CONFIDENCE -> 4;
            case OUT_OF_RANGE -> 5;
            case IMPLAUSIBLE -> 6;
            case CAMERA_DOWN -> 7;
            case OUT_OF_SERVICE -> 8;
        };
    }

    private void acceptClients() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("Modbus TCP: accepting a connection failed: {}", e.getMessage());
                }
                continue;
            }
            if (!allowed(client.getInetAddress())) {
                refused(client.getInetAddress());
                closeQuietly(client);
                continue;
            }
            if (clients.size() >= config.maxClients() && !madeRoomFor(client.getInetAddress())) {
                if (logNow(client.getInetAddress(), "full")) {
                    log.warn("Modbus TCP: connection from {} refused: {} clients are connected already (said once a "
                            + "minute for each address)", client.getRemoteSocketAddress(), clients.size());
                }
                closeQuietly(client);
                continue;
            }
            lastRequest.put(client, clock.instant());
            clients.add(client);
            Thread t = new Thread(() -> serve(client), "modbus-client-" + client.getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * With every slot taken, room for a client from {@code newcomer} where another address holds
     * more than its share: that address's connection idle longest is closed. Sixteen idle
     * connections from one machine shut the plant's SCADA out until they timed out, and one
     * request each inside the idle timeout kept them for ever.
     *
     * @return whether a slot was freed
     */
    private boolean madeRoomFor(InetAddress newcomer) {
        Map<InetAddress, List<Socket>> byAddress = new HashMap<>();
        for (Socket c : clients) {
            byAddress.computeIfAbsent(c.getInetAddress(), a -> new ArrayList<>()).add(c);
        }
        int own = byAddress.getOrDefault(newcomer, List.of()).size();
        List<Socket> most = byAddress.values().stream().max(Comparator.comparingInt(List::size)).orElse(List.of());
        if (most.size() <= own + 1) {
            return false;
        }
        Socket idlest = most.stream().min(Comparator.comparing(c -> lastRequest.getOrDefault(c, Instant.MIN)))
                .orElseThrow();
        if (logNow(idlest.getInetAddress(), "made room")) {
            log.warn("Modbus TCP: {} holds {} of the {} connections; its connection idle longest is closed for one "
                    + "from {} (said once a minute for each address)", idlest.getInetAddress().getHostAddress(),
                    most.size(), config.maxClients(), newcomer.getHostAddress());
        }
        clients.remove(idlest);
        lastRequest.remove(idlest);
        closeQuietly(idlest);
        return true;
    }

    /** Connections closed because their address is not in {@code allowed-clients}. */
    public long refusedConnections() {
        return refusedConnections.get();
    }

    private boolean allowed(InetAddress address) {
        return allowedClients.isEmpty() || allowedClients.stream().anyMatch(b -> b.contains(address));
    }

    /** Counts a refused address, and logs it at most once a minute (a scanner knocks many times). */
    private void refused(InetAddress address) {
        refusedConnections.incrementAndGet();
        if (logNow(address, "refused")) {
            log.warn("Modbus TCP: connection from {} refused: not in meter-reader.modbus.allowed-clients",
                    address.getHostAddress());
        }
    }

    /**
     * Whether an address's trouble of a kind goes to the log now: at most once a minute, since a
     * peer that does it once (a scanner, a client in a loop) does it hundreds of times a second.
     */
    private boolean logNow(InetAddress address, String kind) {
        Instant now = clock.instant();
        String key = kind + " " + address.getHostAddress();
        Instant last = troubleLogged.get(key);
        if (last != null && Duration.between(last, now).toMinutes() < 1) {
            return false;
        }
        if (troubleLogged.size() >= 1000) {
            troubleLogged.clear();
        }
        troubleLogged.put(key, now);
        return true;
    }

    private void serve(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            RequestDeadline deadline = new RequestDeadline(client, config.idleTimeout().toMillis());
            DataInputStream in = new DataInputStream(deadline);
            OutputStream out = client.getOutputStream();
            while (!closed) {
                deadline.restart();
                int transaction = in.readUnsignedShort();
                int protocol = in.readUnsignedShort();
                int length = in.readUnsignedShort();
                if (protocol != 0 || length < 2 || length > 254) {
                    if (logNow(client.getInetAddress(), "not modbus")) {
                        log.warn("Modbus TCP: {} sent what is not Modbus TCP (protocol {}, length {}); closing it "
                                + "(said once a minute for each address)", client.getRemoteSocketAddress(), protocol,
                                length);
                    }
                    return;
                }
                int unit = in.readUnsignedByte();
                byte[] pdu = new byte[length - 1];
                in.readFully(pdu);
                byte[] answer = config.unitId() == null || config.unitId() == unit ? answer(pdu)
                        : exception(pdu[0] & 0xFF, GATEWAY_TARGET_FAILED);
                requests.incrementAndGet();
                lastRequest.put(client, clock.instant());
                ByteBuffer frame = ByteBuffer.allocate(7 + answer.length);
                frame.putShort((short) transaction).putShort((short) 0).putShort((short) (answer.length + 1))
                        .put((byte) unit).put(answer);
                out.write(frame.array());
                out.flush();
            }
        } catch (SocketTimeoutException idle) {
            if (logNow(client.getInetAddress(), "idle")) {
                log.info("Modbus TCP: closing the connection from {}: no whole request for {} s",
                        client.getRemoteSocketAddress(), config.idleTimeout().toSeconds());
            }
        } catch (EOFException | SocketException gone) {
            // the client went, or the server closes
        } catch (IOException e) {
            if (logNow(client.getInetAddress(), "failed")) {
                log.warn("Modbus TCP: connection from {} failed: {}", client.getRemoteSocketAddress(), e.getMessage());
            }
        } finally {
            clients.remove(client);
            lastRequest.remove(client);
        }
    }

    /**
     * A client's input, each read waiting only for what is left of the idle timeout since the
     * last whole request began: a client that drips a request a byte at a time (each byte within
     * the timeout) is closed like one that sends nothing.
     */
    private static final class RequestDeadline extends FilterInputStream {
        private final Socket socket;
        private final long timeoutMillis;
        private long deadline;

        RequestDeadline(Socket socket, long timeoutMillis) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
            this.timeoutMillis = timeoutMillis;
        }

        /** A request is awaited from now: the whole of the timeout for it. */
        void restart() {
            deadline = System.nanoTime() / 1_000_000 + timeoutMillis;
        }

        private void waitAtMostTheRest() throws IOException {
            long left = deadline - System.nanoTime() / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("no whole request within the idle timeout");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        }

        @Override
        public int read() throws IOException {
            waitAtMostTheRest();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            waitAtMostTheRest();
            return super.read(b, off, len);
        }
    }

    /** The response PDU to a request PDU. */
    byte[] answer(byte[] pdu) {
        int function = pdu[0] & 0xFF;
        boolean bits = function == 1 || function == 2;
        if (!bits && function != 3 && function != 4) {
            return exception(function, ILLEGAL_FUNCTION);
        }
        if (pdu.length != 5) {
            return exception(function, ILLEGAL_DATA_VALUE);
        }
        int address = (pdu[1] & 0xFF) << 8 | (pdu[2] & 0xFF);
        int count = (pdu[3] & 0xFF) << 8 | (pdu[4] & 0xFF);
        if (count < 1 || count > (bits ? MAX_BITS : MAX_COUNT)) {
            return exception(function, ILLEGAL_DATA_VALUE);
        }
        if (address + count > 0x10000) {
            return exception(function, ILLEGAL_DATA_ADDRESS);
        }
        if (bits) {
            // eight inputs a byte, the first in the lowest bit
            boolean[] inputs = inputs(address, count);
            byte[] b = new byte[2 + (count + 7) / 8];
            b[0] = (byte) function;
            b[1] = (byte) ((count + 7) / 8);
            for (int i = 0; i < count; i++) {
                if (inputs[i]) {
                    b[2 + i / 8] |= (byte) (1 << (i % 8));
                }
            }
            return b;
        }
        short[] registers = registers(address, count);
        ByteBuffer b = ByteBuffer.allocate(2 + 2 * count);
        b.put((byte) function).put((byte) (2 * count));
        for (short r : registers) {
            b.putShort(r);
        }
        return b.array();
    }

    private static byte[] exception(int function, int code) {
        return new byte[] {(byte) (function | 0x80), (byte) code};
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        ServerSocket s = server;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        clients.forEach(ModbusServer::closeQuietly);
    }
}
