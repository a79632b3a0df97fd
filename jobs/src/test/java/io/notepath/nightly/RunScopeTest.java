package io.notepath.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import io.notepath.config.NotepathSettings;
import io.notepath.config.SettingsLoader;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which cohorts a night rewrites: until the last of their notes is final (window + lateness). */
class RunScopeTest {
  private static NotepathSettings settings(String zone) {
    return SettingsLoader.settings(
        null,
        List.of(
            "notepath.stages.window-days=2",
            "notepath.input.max-late-days=3",
            "notepath.time-zone=\"" + zone + "\""));
  }

  private static LocalDate d(String iso) {
    return LocalDate.parse(iso);
  }

  @Test
  void aCohortIsRewrittenUntilWindowPlusLatenessHasPassed() {
    NotepathSettings utc = settings("UTC");
    // Published up to 11-01T23:59:59.999999 + 2 + 3 days: final on the night of 11-06.
    assertThat(RunScope.lastNight(d("2026-11-01"), utc)).isEqualTo(d("2026-11-06"));
    assertThat(RunScope.rewrittenCohorts(d("2026-11-06"), utc))
        .containsExactly(
            d("2026-11-01"), d("2026-11-02"), d("2026-11-03"), d("2026-11-04"), d("2026-11-05"),
            d("2026-11-06"));
    assertThat(RunScope.completedCohorts(d("2026-11-06"), utc)).containsExactly(d("2026-11-01"));
    assertThat(RunScope.completedCohorts(d("2026-11-05"), utc)).containsExactly(d("2026-10-31"));
  }

  @Test
  void aSpringForwardInsideTheWindowMovesTheLastNightOneDayLater() {
    // America/New_York springs forward on 2024-03-10: 23:59 on 03-05 + 5 × 24 h is 00:59 on 03-11.
    NotepathSettings ny = settings("America/New_York");
    assertThat(RunScope.lastNight(d("2024-03-05"), ny)).isEqualTo(d("2024-03-11"));
    assertThat(RunScope.lastNight(d("2024-03-01"), ny)).isEqualTo(d("2024-03-06"));
    assertThat(RunScope.lastNight(d("2024-03-04"), ny)).isEqualTo(d("2024-03-09"));
    // So no cohort completes on 03-10, and 03-05 is still rewritten that night.
    assertThat(RunScope.completedCohorts(d("2024-03-10"), ny)).isEmpty();
    assertThat(RunScope.rewrittenCohorts(d("2024-03-10"), ny)).startsWith(d("2024-03-05"));
    assertThat(RunScope.completedCohorts(d("2024-03-11"), ny)).containsExactly(d("2024-03-05"));
    // The history a run reads covers the extra day.
    assertThat(ny.pathScopeDays()).isEqualTo(settings("UTC").pathScopeDays() + 1);
  }
}
