package io.meterreader.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressBlockTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void aBlock_holdsTheAddressesUnderItsPrefix() throws Exception {
        AddressBlock block = AddressBlock.parse("10.0.1.0/24");
        assertThat(block.contains(ip("10.0.1.0"))).isTrue();
        assertThat(block.contains(ip("10.0.1.255"))).isTrue();
        assertThat(block.contains(ip("10.0.2.1"))).isFalse();
        AddressBlock odd = AddressBlock.parse("192.168.4.64/26");
        assertThat(odd.contains(ip("192.168.4.127"))).isTrue();
        assertThat(odd.contains(ip("192.168.4.128"))).isFalse();
        assertThat(odd.contains(ip("192.168.4.63"))).isFalse();
        assertThat(AddressBlock.parse("0.0.0.0/0").contains(ip("203.0.113.7"))).isTrue();
    }

    @Test
    void aSingleAddress_holdsOnlyItself_andIpv6WorksAlike() throws Exception {
        assertThat(AddressBlock.parse("10.0.0.5").contains(ip("10.0.0.5"))).isTrue();
        assertThat(AddressBlock.parse("10.0.0.5").contains(ip("10.0.0.6"))).isFalse();
        AddressBlock v6 = AddressBlock.parse("fd00:1::/32");
        assertThat(v6.contains(ip("fd00:1:ffff::1"))).isTrue();
        assertThat(v6.contains(ip("fd00:2::1"))).isFalse();
        assertThat(v6.contains(ip("10.0.0.5"))).as("an IPv4 address in an IPv6 block").isFalse();
    }

    @Test
    void aHostNameOrABadPrefix_isRefused() {
        assertThatThrownBy(() -> AddressBlock.parse("plc.plant.local")).hasMessageContaining("must be an IP address");
        // Hex digits and dots, but a name: refused before any lookup.
        assertThatThrownBy(() -> AddressBlock.parse("dead.beef")).hasMessageContaining("must be an IP address");
        assertThatThrownBy(() -> AddressBlock.parse("10.0.1")).hasMessageContaining("must be an IP address");
        assertThatThrownBy(() -> AddressBlock.parse("10.0.0.1/x")).hasMessageContaining("must be 0 to 32");
        assertThatThrownBy(() -> AddressBlock.parse("fd00::/129")).hasMessageContaining("must be 0 to 128");
        assertThatThrownBy(() -> AddressBlock.parse("")).hasMessageContaining("must be an IP address");
    }
}
