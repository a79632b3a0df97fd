package io.notepath.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void runWithOptionsAndOverrides() {
    CommandLine line =
        CommandLine.parse(new String[] {"run", "--date", "2026-11-02", "--input", "/in", "--output",
            "s3a://b/w", "--config", "conf/cluster.conf", "notepath.stages.window-days=14"});
    assertThat(line.command()).isEqualTo("run");
    assertThat(line.date()).contains(LocalDate.of(2026, 11, 2));
    assertThat(line.configFile()).contains("conf/cluster.conf");
    assertThat(line.overrides())
        .containsExactly("notepath.input.root=\"/in\"", "notepath.output.root=\"s3a://b/w\"",
            "notepath.stages.window-days=14");
  }

  @Test
  void backfillNeedsBothEnds() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"backfill", "--from", "2026-11-01"}))
        .isInstanceOf(NotepathException.class)
        .hasMessage("backfill needs both --from and --to (YYYY-MM-DD)")
        .extracting(e -> ((NotepathException) e).exitCode())
        .isEqualTo(ExitCode.BAD_ARGUMENTS);
  }

  @Test
  void backfillRangeMustAscend() {
    assertThatThrownBy(
            () -> CommandLine.parse(new String[] {"backfill", "--from", "2026-11-03", "--to", "2026-11-01"}))
        .hasMessage("backfill: --from 2026-11-03 is after --to 2026-11-01");
  }

  @Test
  void unknownCommandAndArgument() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"ran"}))
        .hasMessage("unknown command 'ran'; expected one of " + List.of("run", "backfill", "simulate", "help"));
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"run", "--dat", "2026-11-01"}))
        .hasMessage("unknown argument '--dat' for 'run' (see run --help)");
  }

  @Test
  void helpEverywhere() {
    assertThat(CommandLine.parse(new String[] {}).help()).isTrue();
    assertThat(CommandLine.parse(new String[] {"--help"}).command()).isEqualTo("help");
    assertThat(CommandLine.parse(new String[] {"backfill", "--help"}).help()).isTrue();
  }

  @Test
  void simulateNeedsOutput() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"simulate"}))
        .hasMessage("simulate needs --output DIR (where to write the simulated raw logs)");
  }

  @Test
  void optionWithoutValue() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"run", "--date"}))
        .hasMessage("--date needs a value");
  }
}
