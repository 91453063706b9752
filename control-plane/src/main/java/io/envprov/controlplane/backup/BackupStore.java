package io.envprov.controlplane.backup;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where sealed backups live, outside the databases they come from: a directory by default ({@link
 * DirectoryBackupStore}); an object store fits behind the same four calls. Keys are relative paths
 * of {@code [a-z0-9_-]} segments separated by {@code /}. Implementations are thread-safe.
 */
public interface BackupStore {

  /**
   * Starts writing the object {@code key}. What is written becomes visible under the key only when
   * the upload is committed; an upload closed without a commit leaves nothing behind.
   */
  Upload upload(String key) throws IOException;

  /**
   * Reads the object {@code key}.
   *
   * @throws java.nio.file.NoSuchFileException when there is none
   */
  InputStream open(String key) throws IOException;

  /** Deletes the object {@code key}; a missing one is not an error. */
  void delete(String key) throws IOException;

  /** Where the store is, for the README's and the logs' sake (never a secret). */
  String describe();

  /** An object being written. */
  interface Upload extends Closeable {

    /** The object's content goes here. */
    OutputStream stream();

    /** Makes the object visible under its key, durably. */
    void commit() throws IOException;

    /** Discards the object unless it was committed. */
    @Override
    void close() throws IOException;
  }
}
