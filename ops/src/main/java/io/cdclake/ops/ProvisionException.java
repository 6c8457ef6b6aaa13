package io.cdclake.ops;

/**
 * Provisioning cannot go on: a resource it expects is missing or in the wrong state. The message names the
 * resource and what the operator should do.
 */
public final class ProvisionException extends RuntimeException {
  public ProvisionException(String message) {
    super(message);
  }

  public ProvisionException(String message, Throwable cause) {
    super(message, cause);
  }
}
