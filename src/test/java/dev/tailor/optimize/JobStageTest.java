package dev.tailor.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Job stages keep the wire names the API, the dashboard and stored jobs have always used. */
class JobStageTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyStageIsWrittenAndReadAsItsWireName() throws Exception {
        assertThat(json.writeValueAsString(JobStage.values())).isEqualTo(
                "[\"queued\",\"planning\",\"generating\",\"validating\",\"building\",\"committing\",\"deploying\",\"live\",\"failed\"]");
        for (JobStage stage : JobStage.values()) {
            assertThat(json.readValue("\"" + stage.wire() + "\"", JobStage.class)).isEqualTo(stage);
            assertThat(stage).hasToString(stage.wire());
        }
    }

    @Test
    void onlyLiveAndFailedAreFinished() {
        assertThat(JobStage.values()).filteredOn(JobStage::finished).containsExactly(JobStage.LIVE, JobStage.FAILED);
    }

    @Test
    void anUnknownStageNamesTheAcceptedOnes() {
        assertThatThrownBy(() -> JobStage.fromWire("deployed"))
                .hasMessage("unknown job stage 'deployed': expected one of queued, planning, generating, validating,"
                        + " building, committing, deploying, live, failed");
    }
}
