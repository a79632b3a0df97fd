package io.notepath.cli;

/** A failure that maps to a specific exit code; the message says what to fix. */
public class NotepathException extends RuntimeException {
  private final ExitCode exitCode;

  public NotepathException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
