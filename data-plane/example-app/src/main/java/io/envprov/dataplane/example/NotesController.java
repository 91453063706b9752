package io.envprov.dataplane.example;

import io.envprov.dataplane.reactive.ReactorBinding;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /notes {"text"}} and {@code GET /notes}. The data plane's WebFilter has put the
 * session's environment into the Reactor context; {@link ReactorBinding#blocking} binds it to the
 * worker thread that runs the JDBC.
 */
@RestController
class NotesController {

  private final NoteStore notes;

  NotesController(NoteStore notes) {
    this.notes = notes;
  }

  @PostMapping("/notes")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Note> add(@RequestBody NewNote body) {
    String text = body.text();
    if (text == null || text.isBlank()) {
      return Mono.error(new InvalidNoteException("text must not be blank"));
    }
    return ReactorBinding.blocking(() -> notes.add(text));
  }

  @GetMapping("/notes")
  Mono<Map<String, List<Note>>> list() {
    return ReactorBinding.blocking(notes::list).map(all -> Map.of("notes", all));
  }
}
