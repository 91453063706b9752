package io.envprov.controlplane.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Backups as files under one directory: an upload is written to a hidden temporary file beside its
 * final place, synced, then renamed atomically, so a reader never finds half a backup and a crash
 * leaves only a temporary file.
 */
public final class DirectoryBackupStore implements BackupStore {

  private static final Pattern KEY = Pattern.compile("[a-z0-9_-]+(/[a-z0-9_.-]+)*");
  private static final int BUFFER_BYTES = 1 << 16;

  private final Path directory;

  public DirectoryBackupStore(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  @Override
  public Upload upload(String key) throws IOException {
    Path target = resolve(key);
    Files.createDirectories(target.getParent());
    Path temporary = target.resolveSibling("." + UUID.randomUUID() + ".upload");
    FileChannel channel =
        FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    OutputStream stream =
        new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), BUFFER_BYTES);
    return new Upload() {
      private boolean committed;
      private boolean closed;

      @Override
      public OutputStream stream() {
        return stream;
      }

      @Override
      public void commit() throws IOException {
        stream.flush();
        channel.force(true);
        stream.close();
        closed = true;
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
      }

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          stream.close();
        }
        if (!committed) {
          Files.deleteIfExists(temporary);
        }
      }
    };
  }

  @Override
  public InputStream open(String key) throws IOException {
    return Files.newInputStream(resolve(key));
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(resolve(key));
  }

  @Override
  public String describe() {
    return "directory " + directory;
  }

  /** The directory the store keeps its files in. */
  public Path directory() {
    return directory;
  }

  private Path resolve(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("not a backup key: " + key);
    }
    return directory.resolve(key);
  }
}
