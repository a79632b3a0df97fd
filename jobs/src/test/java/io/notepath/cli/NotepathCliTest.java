package io.notepath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Exit codes decided before Spark starts: help, bad arguments, bad config. */
class NotepathCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return NotepathCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpExitsZero() {
    assertThat(run("run", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: notepath run [--date YYYY-MM-DD]");
  }

  @Test
  void badArgumentExitsTwo() {
    assertThat(run("run", "--date", "2026-13-01")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("notepath: --date: expected a date YYYY-MM-DD, got '2026-13-01'\n");
  }

  @Test
  void badConfigExitsTwoAndNamesTheKey() {
    assertThat(run("run", "notepath.stages.pool-ladder=[5,1,9]")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("notepath.stages.pool-ladder: expected three ascending positive integers");
  }

  @Test
  void missingConfigFileExitsTwo() {
    assertThat(run("run", "--config", "/no/such.conf")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--config: no such file: /no/such.conf");
  }
}
