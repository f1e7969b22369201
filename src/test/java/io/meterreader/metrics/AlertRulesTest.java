package io.meterreader.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The alert rules shipped for Prometheus (docker/alerts.yml): they load, fire as their unit tests say, and name only metrics the service publishes. */
class AlertRulesTest {

    private static final Path RULES = Path.of("docker/alerts.yml");

    @Test
    void alertRules_passTheirPromtoolUnitTests_andThePrometheusConfigLoadsThem() throws Exception {
        assumeTrue(onPath("promtool"), "promtool (Debian: prometheus) is not installed");

        assertThat(promtool("test", "rules", "docker/alerts.test.yml", "docker/alerts-days.test.yml"))
                .doesNotContain("FAILED").contains("SUCCESS");
        assertThat(promtool("check", "config", "docker/prometheus.yml")).contains("16 rules found");
    }

    @Test
    void alertRules_nameOnlyMetricsTheServicePublishes() throws IOException {
        String scrape = EveryMetric.scrape();
        Set<String> named = EveryMetric.namedIn(Files.readString(RULES));

        assertThat(named).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(name -> assertThat(scrape).as(name).containsPattern("(?m)^" + name + "[{ ]"));
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
