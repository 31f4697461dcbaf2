package io.lstmstreams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboards' JSON as Grafana needs it: unique dashboard uids and panel ids, every panel and target on the
 * provisioned data source, a description on every panel, no empty target, the instance and task variables. That
 * every query returns data is ObservabilityIT's to prove, against a live Prometheus.
 */
class DashboardsTest {

    private static final Path DATASOURCE = Path.of("grafana/provisioning/datasources/prometheus.yml");
    private static final Path PROVIDER = Path.of("grafana/provisioning/dashboards/lstm-streams.yml");
    private static final List<String> DASHBOARDS = List.of("pipeline-overview.json", "model-quality.json",
            "kafka-streams-health.json");

    /** The uid the provisioning gives the Prometheus data source. */
    private static String provisionedUid() throws IOException {
        Matcher uid = Pattern.compile("(?m)^\\s+uid:\\s*(\\S+)\\s*$").matcher(Files.readString(DATASOURCE));
        assertThat(uid.find()).as("%s gives the data source a uid", DATASOURCE).isTrue();
        return uid.group(1);
    }

    @Test
    void theThreeDashboardsAreThereWithUniqueUids() {
        assertThat(Dashboards.all()).extracting(dashboard -> dashboard.file().getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(DASHBOARDS);
        assertThat(Dashboards.all()).extracting(dashboard -> dashboard.json().path("uid").asText())
                .doesNotContain("").doesNotHaveDuplicates();
    }

    @Test
    void panelIdsAreUniqueInEachDashboard() {
        for (Dashboards dashboard : Dashboards.all()) {
            assertThat(dashboard.panels()).as("panels of %s", dashboard.file()).isNotEmpty()
                    .extracting(panel -> panel.path("id").asInt(-1)).doesNotContain(-1).doesNotHaveDuplicates();
        }
    }

    @Test
    void everyPanelSaysWhatItShowsAndQueriesTheProvisionedDataSource() throws IOException {
        String uid = provisionedUid();
        for (Dashboards dashboard : Dashboards.all()) {
            for (JsonNode panel : dashboard.dataPanels()) {
                String where = dashboard.file().getFileName() + " panel " + panel.path("id") + " " + panel.path("title");
                assertThat(panel.path("title").asText()).as("title of %s", where).isNotBlank();
                assertThat(panel.path("description").asText()).as("description of %s", where).isNotBlank();
                assertThat(panel.path("datasource").path("uid").asText()).as("data source of %s", where).isEqualTo(uid);
                assertThat(panel.path("gridPos").path("w").asInt()).as("width of %s", where).isBetween(1, 24);
                assertThat(panel.path("targets")).as("targets of %s", where).isNotEmpty().allSatisfy(target -> {
                    assertThat(target.path("expr").asText()).as("a query of %s", where).isNotBlank();
                    assertThat(target.path("refId").asText()).as("a refId of %s", where).isNotBlank();
                    assertThat(target.path("datasource").path("uid").asText()).as("a target's data source in %s", where)
                            .isEqualTo(uid);
                });
            }
        }
    }

    @Test
    void everyDashboardFiltersByInstanceAndTaskAndItsQueriesUseTheFilters() throws IOException {
        String uid = provisionedUid();
        for (Dashboards dashboard : Dashboards.all()) {
            assertThat(dashboard.variables()).as("variables of %s", dashboard.file())
                    .extracting(variable -> variable.path("name").asText()).containsExactly("instance", "task");
            assertThat(dashboard.variables()).allSatisfy(variable -> {
                assertThat(variable.path("datasource").path("uid").asText()).isEqualTo(uid);
                assertThat(variable.path("query").path("query").asText()).matches(Dashboards.LABEL_VALUES);
            });
            assertThat(dashboard.queries(Map.of())).as("panel queries of %s", dashboard.file())
                    .allSatisfy((where, query) -> assertThat(query).as(where).satisfiesAnyOf(
                            panelQuery -> assertThat(where).contains(" variable "),
                            panelQuery -> assertThat(panelQuery).contains("instance=~\"$instance\"")));
            assertThat(dashboard.annotations()).allSatisfy(annotation ->
                    assertThat(annotation.path("datasource").path("uid").asText()).isEqualTo(uid));
        }
    }

    @Test
    void theProviderLoadsTheDirectoryComposeMountsTheDashboardsAt() throws IOException {
        assertThat(Files.readString(PROVIDER)).contains("path: /var/lib/grafana/dashboards");
        assertThat(Files.readString(DeploymentFilesIT.COMPOSE)).contains("./grafana/dashboards:/var/lib/grafana/dashboards:ro")
                .contains("./grafana/provisioning:/etc/grafana/provisioning:ro");
    }
}
