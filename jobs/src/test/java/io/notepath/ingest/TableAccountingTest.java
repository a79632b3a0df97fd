package io.notepath.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TableAccountingTest {

  @Test
  void balancedWhenEveryRowHasOneOutcome() {
    // 10 = 6 + 1 + 3, and the reasons add up to 3.
    TableAccounting t =
        new TableAccounting("notes", 10, 6, 1, 3, Map.of("malformed", 2L, "bad_value", 1L));

    assertThat(t.balanced()).isTrue();
    assertThat(t.rejectRatio()).isEqualTo(0.3);
  }

  @Test
  void unbalancedWhenARowIsLost() {
    // 10 != 6 + 1 + 2.
    assertThat(new TableAccounting("notes", 10, 6, 1, 2, Map.of("malformed", 2L)).balanced())
        .isFalse();
  }

  @Test
  void unbalancedWhenReasonsDoNotAddUp() {
    // rejected 3 but reasons count 2.
    assertThat(new TableAccounting("notes", 10, 6, 1, 3, Map.of("malformed", 2L)).balanced())
        .isFalse();
  }

  @Test
  void rejectRatioIsZeroWithoutInput() {
    assertThat(new TableAccounting("notes", 0, 0, 0, 0, Map.of()).rejectRatio()).isZero();
  }
}
