package io.notepath.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parsed command line: a command, its options and the key=value HOCON overrides. --input and
 * --output are shorthands for notepath.input.root and notepath.output.root overrides.
 */
public record CommandLine(
    String command,
    boolean help,
    Optional<LocalDate> date,
    Optional<LocalDate> from,
    Optional<LocalDate> to,
    Optional<String> configFile,
    Optional<String> outputDir,
    List<String> overrides) {

  public static final List<String> COMMANDS = List.of("run", "backfill", "simulate", "help");

  /** Parses args; throws {@link NotepathException} with exit code 2 on anything it can't use. */
  public static CommandLine parse(String[] args) {
    if (args.length == 0) {
      return new CommandLine("help", true, Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), List.of());
    }

    String command = args[0];
    if (command.equals("--help") || command.equals("-h")) {
      command = "help";
    }

    if (!COMMANDS.contains(command)) {
      throw bad("unknown command '" + command + "'; expected one of " + COMMANDS);
    }

    boolean help = command.equals("help");
    LocalDate date = null;
    LocalDate from = null;
    LocalDate to = null;
    String config = null;
    String output = null;
    List<String> overrides = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help", "-h" -> help = true;
        case "--date" -> date = date(arg, value(args, ++i, arg));
        case "--from" -> from = date(arg, value(args, ++i, arg));
        case "--to" -> to = date(arg, value(args, ++i, arg));
        case "--config" -> config = value(args, ++i, arg);
        case "--input" -> overrides.add(override("notepath.input.root", value(args, ++i, arg)));
        case "--output" -> {
          output = value(args, ++i, arg);
          overrides.add(override("notepath.output.root", output));
        }
        default -> {
          if (arg.startsWith("--") || !arg.contains("=")) {
            throw bad("unknown argument '" + arg + "' for '" + command + "' (see " + command + " --help)");
          }

          overrides.add(arg);
        }
      }
    }

    CommandLine line = new CommandLine(command, help, Optional.ofNullable(date),
        Optional.ofNullable(from), Optional.ofNullable(to), Optional.ofNullable(config),
        Optional.ofNullable(output), List.copyOf(overrides));
    if (!help) {
      line.checkOptionsFitCommand();
    }

    return line;
  }

  private void checkOptionsFitCommand() {
    switch (command) {
      case "run" -> {
        if (from.isPresent() || to.isPresent()) {
          throw bad("run takes --date D; for a range use backfill --from A --to B");
        }
      }
      case "backfill" -> {
        if (date.isPresent()) {
          throw bad("backfill takes --from A --to B, not --date");
        }

        if (from.isEmpty() || to.isEmpty()) {
          throw bad("backfill needs both --from and --to (YYYY-MM-DD)");
        }

        if (from.get().isAfter(to.get())) {
          throw bad("backfill: --from " + from.get() + " is after --to " + to.get());
        }
      }
      case "simulate" -> {
        if (date.isPresent() || from.isPresent() || to.isPresent()) {
          throw bad("simulate takes its dates from notepath.simulate.start-date and .days");
        }

        if (outputDir.isEmpty()) {
          throw bad("simulate needs --output DIR (where to write the simulated raw logs)");
        }
      }
      default -> {}
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw bad(option + " needs a value");
    }

    return args[i];
  }

  private static LocalDate date(String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw bad(option + ": expected a date YYYY-MM-DD, got '" + value + "'");
    }
  }

  /** A HOCON override whose value is quoted, so paths with colons or slashes stay strings. */
  private static String override(String key, String value) {
    return key + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static NotepathException bad(String message) {
    return new NotepathException(ExitCode.BAD_ARGUMENTS, message);
  }
}
