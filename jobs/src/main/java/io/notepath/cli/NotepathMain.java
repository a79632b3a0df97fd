package io.notepath.cli;

/** Entry point of the job jar; see {@link NotepathCli}. */
public final class NotepathMain {
  private NotepathMain() {}

  public static void main(String[] args) {
    System.exit(NotepathCli.run(args));
  }
}
