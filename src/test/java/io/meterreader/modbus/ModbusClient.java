package io.meterreader.modbus;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;

/** Modbus TCP as a PLC speaks it, written out byte by byte for the tests. */
public final class ModbusClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private int transaction;
    /** The unit id requests are sent to (17 unless told). */
    private int unit = 17;

    public ModbusClient(int port) throws IOException {
        this(port, "127.0.0.1");
    }

    /** From a given local address: on Linux any of 127.0.0.0/8 is this machine. */
    public ModbusClient(int port, String from) throws IOException {
        socket = new Socket(java.net.InetAddress.getByName("127.0.0.1"), port, java.net.InetAddress.getByName(from), 0);
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
    }

    /** Sends the requests from now on to this unit id. */
    public ModbusClient unit(int id) {
        unit = id;
        return this;
    }

    /** Sends a request PDU and returns the response PDU, checking the MBAP header that comes back. */
    public byte[] request(byte... pdu) throws IOException {
        int id = ++transaction;
        ByteBuffer frame = ByteBuffer.allocate(7 + pdu.length);
        frame.putShort((short) id).putShort((short) 0).putShort((short) (pdu.length + 1)).put((byte) unit).put(pdu);
        socket.getOutputStream().write(frame.array());
        if (in.readUnsignedShort() != id || in.readUnsignedShort() != 0) {
            throw new IOException("not the answer to transaction " + id);
        }
        int length = in.readUnsignedShort();
        if (in.readUnsignedByte() != unit) {
            throw new IOException("another unit answered");
        }
        byte[] answer = new byte[length - 1];
        in.readFully(answer);
        return answer;
    }

    /** Reads registers with function 3 (holding) or 4 (input), as unsigned 16-bit values. */
    public int[] read(int function, int address, int count) throws IOException {
        byte[] a = request((byte) function, (byte) (address >> 8), (byte) address, (byte) (count >> 8), (byte) count);
        if ((a[0] & 0xFF) != function) {
            throw new IOException(String.format("exception %d to function %d", a[1], function));
        }
        int[] r = new int[count];
        for (int i = 0; i < count; i++) {
            r[i] = (a[2 + 2 * i] & 0xFF) << 8 | (a[3 + 2 * i] & 0xFF);
        }
        return r;
    }

    /** Reads discrete inputs with function 1 (coils) or 2 (discrete inputs), unpacked from the answer's bytes. */
    public boolean[] readBits(int function, int address, int count) throws IOException {
        byte[] a = request((byte) function, (byte) (address >> 8), (byte) address, (byte) (count >> 8), (byte) count);
        if ((a[0] & 0xFF) != function) {
            throw new IOException(String.format("exception %d to function %d", a[1], function));
        }
        if ((a[1] & 0xFF) != (count + 7) / 8 || a.length != 2 + (count + 7) / 8) {
            throw new IOException("answered " + (a[1] & 0xFF) + " bytes for " + count + " inputs");
        }
        boolean[] bits = new boolean[count];
        for (int i = 0; i < count; i++) {
            bits[i] = (a[2 + i / 8] >> (i % 8) & 1) == 1;
        }
        return bits;
    }

    /** Whether the server has closed the connection. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    public void send(byte[] raw) throws IOException {
        socket.getOutputStream().write(raw);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
