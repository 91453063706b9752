package io.envprov.dataplane.example;

/** A note the service will not store. */
class InvalidNoteException extends RuntimeException {

  InvalidNoteException(String message) {
    super(message);
  }
}
