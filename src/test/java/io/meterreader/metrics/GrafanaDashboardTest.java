package io.meterreader.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard the compose file provisions (docker/grafana): every query is PromQL that
 * Prometheus parses, names only metrics the service publishes, and goes to the provisioned data
 * source; the compose file mounts what the provisioning names.
 */
class GrafanaDashboardTest {

    private static final Path GRAFANA = Path.of("docker/grafana");
    private static final Path DASHBOARD = GRAFANA.resolve("dashboards/meter-reader.json");

    @TempDir
    Path dir;

    /** Every query of the dashboard: its panels' targets and its variables' selectors. */
    private static List<String> queries() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.get("expr").asString());
            }
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if (!variable.get("type").asString().equals("query")) {
                continue;   // a text box (where the browser reaches the service) queries nothing
            }
            // label_values(SELECTOR, LABEL) is Grafana's; its selector is Prometheus's.
            Matcher m = Pattern.compile("label_values\\((.*), *\\w+\\)").matcher(variable.get("query").get("query").asString());
            assertThat(m.matches()).as(variable.get("name").asString()).isTrue();
            queries.add(m.group(1));
        }
        return queries;
    }

    /** A dashboard query as Prometheus gets it: Grafana's variables given values. */
    private static String asPrometheusGetsIt(String query) {
        return query.replace("$__rate_interval", "1m").replace("$camera", ".*").replace("$meter", ".*");
    }

    @Test
    void everyPanel_queriesTheProvisionedPrometheus() throws IOException {
        String datasource = Files.readString(GRAFANA.resolve("provisioning/datasources/prometheus.yml"));
        assertThat(datasource).contains("uid: prometheus").contains("url: http://prometheus:9090");
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        int panels = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.get("type").asString().equals("row")) {
                continue;
            }
            panels++;
            assertThat(panel.get("datasource").get("uid").asString()).as(panel.get("title").asString())
                    .isEqualTo("prometheus");
            assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
        }
        assertThat(panels).isGreaterThanOrEqualTo(10);
    }

    @Test
    void everyQuery_namesOnlyMetricsTheServicePublishes() throws IOException {
        String scrape = EveryMetric.scrape();
        Set<String> named = EveryMetric.namedIn(String.join("\n", queries()));
        assertThat(named).hasSizeGreaterThanOrEqualTo(15)
                .allSatisfy(name -> assertThat(scrape).as(name).containsPattern("(?m)^" + name + "[{ ]"));
    }

    @Test
    void everyQuery_isPromqlThatPrometheusParses() throws Exception {
        assumeTrue(AlertRulesTest.onPath("promtool"), "promtool (Debian: prometheus) is not installed");
        // Each query as a recording rule: promtool parses every rule's expression.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<String> queries = queries();
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: dashboard_query_").append(i).append('\n')
                    .append("        expr: '").append(asPrometheusGetsIt(queries.get(i)).replace("'", "''")).append("'\n");
        }
        Path file = dir.resolve("dashboard-rules.yml");
        Files.writeString(file, rules);

        Process p = new ProcessBuilder("promtool", "check", "rules", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains(queries.size() + " rules found");
    }

    @Test
    void eachMetersPanel_linksToItsPageOnTheService_whereComposePublishesIt() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        JsonNode reader = null;
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if (variable.get("name").asString().equals("reader")) {
                reader = variable;
            }
        }
        assertThat(reader).as("the reader variable").isNotNull();
        assertThat(reader.get("type").asString()).isEqualTo("textbox");
        assertThat(reader.get("query").asString()).isEqualTo("http://localhost:8080");
        assertThat(Files.readString(Path.of("docker/compose.yaml"))).contains("\"8080:8080\"");
        JsonNode meterPanel = null;
        for (JsonNode panel : dashboard.get("panels")) {
            if ("meter".equals(panel.path("repeat").asString(null))) {
                meterPanel = panel;
            }
        }
        assertThat(meterPanel).as("the panel repeated per meter").isNotNull();
        assertThat(meterPanel.get("links").get(0).get("url").asString())
                .isEqualTo("${reader}/meter.html?meter=${meter}&hours=24");
    }

    @Test
    void composeFile_mountsTheProvisioningAndMakesTheDashboardHome() throws IOException {
        String compose = Files.readString(Path.of("docker/compose.yaml"));
        assertThat(compose).contains("./grafana/provisioning:/etc/grafana/provisioning:ro")
                .contains("./grafana/dashboards:/var/lib/grafana/dashboards:ro")
                .contains("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: /var/lib/grafana/dashboards/meter-reader.json");
        assertThat(Files.readString(GRAFANA.resolve("provisioning/dashboards/meter-reader.yml")))
                .contains("path: /var/lib/grafana/dashboards");
        assertThat(DASHBOARD).exists();
    }
}
