package io.envprov.controlplane.backup;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/environments/{id}/backups}; the body may be left out.
 *
 * @param label what the backup is for, shown with it (1 to 200 characters, not blank)
 */
public record CreateBackupRequest(
    @Nullable
        @Size(min = 1, max = 200)
        @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        String label) {}
