package io.meterreader.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What the CPU offers that the choice of model file depends on, from {@code /proc/cpuinfo}. */
final class CpuFeatures {

    /** Whether this CPU has 8-bit dot-product instructions: AVX-512 VNNI or AVX-VNNI (x86). */
    static final boolean VNNI = vnni(cpuinfo());

    private CpuFeatures() {
    }

    /** Whether the first {@code flags} line of a {@code /proc/cpuinfo} text names a VNNI extension. */
    static boolean vnni(String cpuinfo) {
        return cpuinfo.lines().filter(l -> l.startsWith("flags")).findFirst()
                .map(l -> Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
                .map(flags -> flags.contains("avx512_vnni") || flags.contains("avx_vnni"))
                .orElse(false);
    }

    private static String cpuinfo() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
