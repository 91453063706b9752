package io.envprov.driver.spi;

/** A driver was asked for something its {@link Capabilities} say it cannot do. */
public class UnsupportedCapabilityException extends DriverException {

  public UnsupportedCapabilityException(String driver, String capability) {
    super("driver '" + driver + "' does not support " + capability, false, null);
  }
}
