package io.envprov.provisioner.packages;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Flyway's checksum of an SQL migration, as it records it in a schema history: CRC32 over the UTF-8
 * bytes of each line without its line break, the byte-order mark of the first line removed.
 * Computed here so that drift is found without running Flyway (the tests compare it with what
 * Flyway writes).
 */
final class FlywayChecksum {

  private FlywayChecksum() {}

  static int of(String text) {
    CRC32 crc = new CRC32();
    try (BufferedReader lines = new BufferedReader(new StringReader(text))) {
      String line = lines.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      for (; line != null; line = lines.readLine()) {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
    return (int) crc.getValue();
  }
}
