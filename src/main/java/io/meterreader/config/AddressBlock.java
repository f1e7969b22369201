package io.meterreader.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IP address, or a block of them in CIDR notation ({@code 10.0.1.0/24}, {@code fd00::/8}), as
 * an allow-list names the clients it lets in. Only literal addresses: a host name would be looked
 * up once at start and go stale.
 */
public record AddressBlock(byte[] network, int prefix) {

    public AddressBlock {
        network = network.clone();
    }

    /**
     * @throws IllegalArgumentException what is wrong with {@code text}, to be reported with its key
     */
    public static AddressBlock parse(String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        // A dotted quad, or anything with a ':' (InetAddress takes both as literals, looking nothing up).
        if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !address.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new IllegalArgumentException("must be an IP address or a block such as 10.0.1.0/24, got '" + text + "'");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();   // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("must be an IP address or a block such as 10.0.1.0/24, got '" + text + "'");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("the prefix of '" + text + "' must be 0 to " + bits);
            }
        }
        return new AddressBlock(bytes, prefix);
    }

    /** Whether the address lies in the block (an IPv4 address never lies in an IPv6 block, or the reverse). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[whole] & mask) == (network[whole] & mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressBlock b && prefix == b.prefix && Arrays.equals(network, b.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            return Arrays.toString(network) + "/" + prefix;
        }
    }
}
