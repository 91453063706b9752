package io.envprov.dataplane;

/** The root of the data plane's unchecked exceptions. Messages never carry secrets. */
public class DataPlaneException extends RuntimeException {

  public DataPlaneException(String message) {
    super(message);
  }

  public DataPlaneException(String message, Throwable cause) {
    super(message, cause);
  }
}
