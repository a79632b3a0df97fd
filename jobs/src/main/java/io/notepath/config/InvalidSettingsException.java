package io.notepath.config;

/** A setting is missing, of the wrong type or out of range; the message names the key. Exit code 2. */
public class InvalidSettingsException extends RuntimeException {
  public InvalidSettingsException(String message) {
    super(message);
  }

  public InvalidSettingsException(String message, Throwable cause) {
    super(message, cause);
  }
}
