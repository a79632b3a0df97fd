package io.notepath.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.notepath.config.InvalidSettingsException;
import io.notepath.config.SettingsLoader;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulateSettingsTest {

  private static SimulateSettings load(String... overrides) {
    return SimulateSettings.from(SettingsLoader.load(null, List.of(overrides)));
  }

  @Test
  void defaultsFromReferenceConf() {
    SimulateSettings s = load();
    assertThat(s.seed()).isEqualTo(42);
    assertThat(s.startDate()).isEqualTo(LocalDate.of(2024, 1, 1));
    // 7 days x 200 notes; 10 % of 20000 users are new.
    assertThat(s.totalNotes()).isEqualTo(1400);
    assertThat(s.newUsers()).isEqualTo(2000);
    assertThat(s.returningUsers()).isEqualTo(18000);
    // The ladder, window and zone are the job's own.
    assertThat(s.poolLadder()).containsExactly(50, 500, 5000);
    assertThat(s.windowDays()).isEqualTo(30);
    assertThat(s.timeZone()).isEqualTo(ZoneId.of("UTC"));
    // Pool sizes 50, 450, 4500; last landing day = 2024-01-07 + 30 days + 2 spare days.
    assertThat(List.of(s.poolSize(1), s.poolSize(2), s.poolSize(3)))
        .containsExactly(50L, 450L, 4500L);
    assertThat(s.lastLandingDate()).isEqualTo(LocalDate.of(2024, 2, 8));
    assertThat(s.rates().open()).isEqualTo(new SimulateSettings.Range(0.08, 0.20));
    assertThat(s.faults().any()).isFalse();
    assertThat(s.faults().lateDays()).isEqualTo(1);
    assertThat(s.format()).isEqualTo(SimulateSettings.Format.JSON);
    assertThat(s.organic().surfaceWeights())
        .containsOnlyKeys("search", "profile", "nearby", "other");
  }

  @Test
  void followsTheJobsLadder() {
    SimulateSettings s = load("notepath.stages.pool-ladder=[100,600,6000]");
    assertThat(List.of(s.poolSize(1), s.poolSize(2), s.poolSize(3)))
        .containsExactly(100L, 500L, 5400L);
  }

  @Test
  void lateDaysExtendTheLandingDays() {
    // 2024-01-07 + 30 days + 3 late days + 1 day for a late row's next-day duplicate.
    assertThat(load("notepath.simulate.faults.late-days=3").lastLandingDate())
        .isEqualTo(LocalDate.of(2024, 2, 10));
  }

  @Test
  void rejectsPoolsThatDoNotFitTheWindow() {
    // 1 h delay + 6 + 24 + 48 + 120 h of pools + 3 x 4 h of promotion delay = 211 h > 5 days.
    assertThatThrownBy(() -> load("notepath.stages.window-days=5"))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("notepath.simulate.explore.pool-hours");
  }

  @Test
  void rejectsMalformedLinesInParquet() {
    assertThatThrownBy(
            () ->
                load("notepath.simulate.format=parquet", "notepath.simulate.faults.malformed=0.01"))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(
            "notepath.simulate.faults.malformed: malformed lines need format = json");
  }

  @Test
  void rejectsBadValuesNamingTheKey() {
    assertThatThrownBy(() -> load("notepath.simulate.new-user-share=1.5"))
        .hasMessageContaining(
            "notepath.simulate.new-user-share: expected a number between 0 and 1.0, got 1.5");
    assertThatThrownBy(() -> load("notepath.simulate.interest-domains=[4,20]"))
        .hasMessageContaining("notepath.simulate.interest-domains");
    assertThatThrownBy(() -> load("notepath.simulate.organic.surface-weights.feed=1"))
        .hasMessageContaining("unknown surface 'feed'");
    assertThatThrownBy(() -> load("notepath.simulate.categories=[\"food\", \"b\\\"ad\"]"))
        .hasMessageContaining("notepath.simulate.categories");
    assertThatThrownBy(() -> load("notepath.simulate.timestamp-offsets=[\"+25:00\"]"))
        .hasMessageContaining("notepath.simulate.timestamp-offsets");
    assertThatThrownBy(() -> load("notepath.simulate.chunk-size=200000"))
        .hasMessageContaining("notepath.simulate.chunk-size: expected at most 100000");
    assertThatThrownBy(
            () ->
                load("notepath.simulate.viral.notes=1", "notepath.simulate.viral.impressions=4000"))
        .hasMessageContaining(
            "notepath.simulate.viral.impressions: expected more than the last pool-ladder count");
    assertThatThrownBy(() -> load("notepath.simulate.faults.late-days=0"))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(
            "notepath.simulate.faults.late-days: expected a positive integer, got 0");
    assertThatThrownBy(() -> load("notepath.simulate.format=csv"))
        .hasMessageContaining("notepath.simulate.format: expected json or parquet, got 'csv'");
  }
}
