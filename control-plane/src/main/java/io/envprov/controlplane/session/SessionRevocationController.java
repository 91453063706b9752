package io.envprov.controlplane.session;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The session revocation feed. Data planes verify session tokens offline, so on their own they
 * would accept a logged-out session's token until its {@code exp}; they poll this feed and refuse
 * the tokens of every session in it ({@link SessionRevocations} says which).
 */
@RestController
class SessionRevocationController {

  private final SessionRevocations revocations;

  SessionRevocationController(SessionRevocations revocations) {
    this.revocations = revocations;
  }

  @GetMapping(path = "/v1/session-revocations", produces = "application/json")
  ResponseEntity<SessionRevocations.RevocationList> list() {
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(revocations.recent());
  }
}
