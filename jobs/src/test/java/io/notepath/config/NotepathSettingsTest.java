package io.notepath.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotepathSettingsTest {

  @Test
  void defaultsComeFromReferenceConf() {
    NotepathSettings s = SettingsLoader.settings(null, List.of());
    assertThat(s.poolLadder()).containsExactly(50, 500, 5000);
    assertThat(s.windowDays()).isEqualTo(30);
    assertThat(s.dedupeLookbackDays()).isEqualTo(1);
    assertThat(s.attributionWindow().toHours()).isEqualTo(24);
    assertThat(s.seedingMinInteractions()).isEqualTo(3);
    assertThat(s.maxRejectRatio()).isEqualTo(0.01);
    assertThat(s.authorTiers()).extracting(NotepathSettings.AuthorTier::name)
        .containsExactly("<100", "100-999", "1k-9.9k", "10k-99k", "100k+");
    assertThat(s.inputTable("official_picks").path()).isEqualTo("official_picks");
    // K = 30 + 3 + 1, plus the open interactions' reach 3 + 1, plus the lookback 1.
    assertThat(s.pathScopeDays()).isEqualTo(34);
    assertThat(s.historyDays()).isEqualTo(39);
  }

  @Test
  void overridesWinOverReference() {
    NotepathSettings s =
        SettingsLoader.settings(
            null, List.of("notepath.stages.pool-ladder=[10,20,30]", "notepath.time-zone=Asia/Shanghai"));
    assertThat(s.poolLadder()).containsExactly(10, 20, 30);
    assertThat(s.timeZone().getId()).isEqualTo("Asia/Shanghai");
  }

  @Test
  void wrongTypeNamesTheKey() {
    assertThatThrownBy(() -> SettingsLoader.settings(null, List.of("notepath.stages.window-days=soon")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("notepath.stages.window-days")
        .hasMessageContaining("NUMBER");
  }

  @Test
  void ladderMustAscend() {
    assertThatThrownBy(
            () -> SettingsLoader.settings(null, List.of("notepath.stages.pool-ladder=[500,50,5000]")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessage(
            "notepath.stages.pool-ladder: expected three ascending positive integers, e.g. [50, 500, 5000], got [500, 50, 5000]");
  }

  @Test
  void rejectRatioBetweenZeroAndOne() {
    assertThatThrownBy(() -> SettingsLoader.settings(null, List.of("notepath.quality.max-reject-ratio=2")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessage("notepath.quality.max-reject-ratio: expected a number between 0 and 1, got 2.0");
  }

  @Test
  void unknownFormatIsRejected() {
    assertThatThrownBy(
            () -> SettingsLoader.settings(null, List.of("notepath.input.tables.notes.format=csv")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessage("notepath.input.tables.notes.format: expected json or parquet, got 'csv'");
  }
}
