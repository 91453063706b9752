package io.envprov.controlplane.restore;

import io.envprov.controlplane.environment.Slugs;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.CreatableEnvType;
import io.envprov.controlplane.web.ErrorCode;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/backups/{id}/restore}: {@code {"target": "new", "slug", "name", "env_type"}}
 * restores into a new environment, {@code {"target": "in_place"}} into the backup's own.
 *
 * @param target {@code new} or {@code in_place}
 * @param slug the new environment's slug (target {@code new} only)
 * @param name its name (target {@code new} only)
 * @param envType its type (target {@code new} only)
 * @param driver the driver the new environment is expected to have: a backup restores into its own
 *     driver only, so naming another one is 409 {@code driver_mismatch} (target {@code new} only)
 */
public record RestoreRequest(
    @NotNull @Pattern(regexp = RestoreTarget.PATTERN, message = "must be new or in_place")
        String target,
    @Nullable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String slug,
    @Nullable @Size(min = 1, max = 200) String name,
    @Nullable @CreatableEnvType String envType,
    @Nullable @Size(min = 1, max = 100) String driver) {

  /** The target, once the request passed its annotations. */
  RestoreTarget restoreTarget() {
    return RestoreTarget.of(target);
  }

  /**
   * Checks the fields that depend on the target: a new environment needs its slug, name and type;
   * an in-place restore takes none of them.
   *
   * @throws ApiException 400 {@code validation_failed} listing every field at fault
   */
  void requireFieldsOfTarget() {
    List<ApiException.FieldError> errors = new ArrayList<>();
    if (restoreTarget() == RestoreTarget.NEW) {
      if (slug == null) {
        errors.add(new ApiException.FieldError("slug", "is required"));
      }
      if (name == null || name.isBlank()) {
        errors.add(new ApiException.FieldError("name", "must not be blank"));
      }
      if (envType == null) {
        errors.add(new ApiException.FieldError("env_type", "is required"));
      }
    } else {
      for (String[] field :
          new String[][] {
            {"slug", slug}, {"name", name}, {"env_type", envType}, {"driver", driver}
          }) {
        if (field[1] != null) {
          errors.add(new ApiException.FieldError(field[0], "is only for target new"));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ApiException(
          ErrorCode.VALIDATION_FAILED,
          "the request has " + errors.size() + " invalid field(s)",
          errors);
    }
  }
}
