package io.notepath.cli;

/** Exit codes a scheduler can act on (DESIGN §5). */
public enum ExitCode {
  OK(0),
  FAILURE(1),
  BAD_ARGUMENTS(2),
  INPUT_NOT_LANDED(3),
  QUALITY_THRESHOLD_BREACHED(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
