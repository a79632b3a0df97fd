package io.notepath.cli;

/** Parses the command line and runs one command; returns the exit code. */
public final class NotepathCli {
  private NotepathCli() {}

  public static int run(String[] args) {
    return 0;
  }
}
