package io.envprov.dataplane.example;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** A stored note. */
public record Note(UUID id, String text, @JsonProperty("created_at") Instant createdAt) {}
