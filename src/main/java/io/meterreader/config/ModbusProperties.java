package io.meterreader.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A Modbus TCP server of the meters' readings, for a PLC or an older SCADA system: each meter
 * mapped here has a block of {@value #BLOCK} registers, read with function 3 or 4.
 *
 * @param port        the TCP port to listen on (502 is Modbus's own, but below 1024 needs root);
 *                    unset (the default): no server
 * @param bindAddress the address to listen on (default 0.0.0.0: all)
 * @param maxClients  connections served at once (default 16); more are closed at once
 * @param idleTimeout a connection that sends no request for this long is closed (default 2m),
 *                    so that clients that went away without closing do not keep the slots
 * @param wordOrder   how a 32-bit value (float or integer) lies in its two registers: HIGH_FIRST
 *                    (the default, "big-endian", ABCD) or LOW_FIRST (CDAB, as some PLCs read them)
 * @param meters      the register map: which meter's block starts at which register (0-based, as
 *                    the protocol addresses them: register 40001 of a PLC's manual is 0). Blocks may
 *                    not overlap; a meter not (yet) calibrated reads as no value
 * @param unitId      the unit id this server answers to (0 to 255); requests to another get
 *                    exception 11, "gateway target device failed to respond", so that a master
 *                    scanning unit ids finds it once. Unset (the default): it answers any
 * @param allowedClients the addresses or blocks ({@code 10.0.1.0/24}) that may connect; others are
 *                    closed at once and logged (default: any). Modbus has no log-in: this and the
 *                    network are what keep a stranger from reading
 */
public record ModbusProperties(
        @Min(1) @Max(65535) Integer port,
        @DefaultValue("0.0.0.0") @NotNull String bindAddress,
        @DefaultValue("16") @Min(1) @Max(1024) int maxClients,
        @DefaultValue("2m") @NotNull @MinDuration(millis = 100) Duration idleTimeout,
        @DefaultValue("high-first") @NotNull WordOrder wordOrder,
        @DefaultValue @Valid List<@Valid @NotNull Register> meters,
        @Min(0) @Max(255) Integer unitId,
        @DefaultValue List<String> allowedClients) {

    /** Which of a 32-bit value's two registers comes first. */
    public enum WordOrder { HIGH_FIRST, LOW_FIRST }

    /** Registers per meter. */
    public static final int BLOCK = 8;

    /**
     * @param meter    the meter's id
     * @param register the first register of its block
     */
    public record Register(@NotBlank String meter, @Min(0) @Max(65535 - BLOCK + 1) int register) {
    }

    @ConstructorBinding
    public ModbusProperties {
        meters = meters == null ? List.of() : List.copyOf(meters);
        allowedClients = allowedClients == null ? List.of() : List.copyOf(allowedClients);
        for (int i = 0; i < allowedClients.size(); i++) {
            try {
                AddressBlock.parse(allowedClients.get(i));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("meter-reader.modbus.allowed-clients[" + i + "]", e.getMessage());
            }
        }
        List<Register> seen = new ArrayList<>();
        for (int i = 0; i < meters.size(); i++) {
            Register r = meters.get(i);
            if (r == null || r.meter() == null) {
                continue;   // the constraints say so
            }
            for (Register other : seen) {
                if (other.meter().equals(r.meter())) {
                    throw new ConfigurationException("meter-reader.modbus.meters[" + i + "].meter",
                            "maps meter " + r.meter() + " a second time");
                }
                if (Math.abs(other.register() - r.register()) < BLOCK) {
                    throw new ConfigurationException("meter-reader.modbus.meters[" + i + "].register", String.format(
                            "%d overlaps meter %s's block (registers %d-%d; each meter has %d)", r.register(),
                            other.meter(), other.register(), other.register() + BLOCK - 1, BLOCK));
                }
            }
            seen.add(r);
        }
    }

    /** Any client may connect. */
    public ModbusProperties(Integer port, String bindAddress, int maxClients, Duration idleTimeout, WordOrder wordOrder,
                            List<Register> meters) {
        this(port, bindAddress, maxClients, idleTimeout, wordOrder, meters, null, List.of());
    }

    public boolean enabled() {
        return port != null;
    }

    /** The blocks of {@link #allowedClients}, parsed; empty: any client. */
    public List<AddressBlock> allowedBlocks() {
        return allowedClients.stream().map(AddressBlock::parse).toList();
    }
}
