package io.envprov.controlplane.packages;

import io.envprov.controlplane.security.Actor;
import io.envprov.controlplane.web.ApiException;
import io.envprov.controlplane.web.Created;
import io.envprov.controlplane.web.ErrorCode;
import io.envprov.controlplane.web.Idempotency;
import io.envprov.controlplane.web.NameCursor;
import io.envprov.controlplane.web.Page;
import io.envprov.controlplane.web.PageCursor;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The package catalog's routes: platform admins publish; every user may read the catalog (packages
 * hold schema, not any organization's data, and whoever installs needs to see what exists).
 */
@RestController
@RequestMapping(path = "/v1/packages", produces = "application/json")
class PackageController {

  private final PackageCatalog catalog;
  private final Idempotency idempotency;

  PackageController(PackageCatalog catalog, Idempotency idempotency) {
    this.catalog = catalog;
    this.idempotency = idempotency;
  }

  @PostMapping
  ResponseEntity<Object> publish(
      @AuthenticationPrincipal Actor actor,
      @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String key,
      @RequestBody PublishPackageRequest body,
      ServerHttpRequest request) {
    if (!actor.platformAdmin()) {
      throw new ApiException(ErrorCode.FORBIDDEN, "only platform admins publish packages");
    }
    return idempotency.once(
        actor,
        key,
        request,
        body,
        () -> {
          PackageCatalog.Published published = catalog.publish(actor, body);
          PackageVersionView view = published.view();
          String location = "/v1/packages/" + view.name() + "/versions/" + view.version();
          return published.created()
              ? Created.at(location, view)
              : ResponseEntity.ok().location(URI.create(location)).body(view);
        });
  }

  @GetMapping
  Page<PackageSummaryView> list(
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return catalog.list(NameCursor.decode(cursor), PageCursor.limit(limit));
  }

  @GetMapping("/{name}/versions/{version}")
  PackageVersionView get(@PathVariable String name, @PathVariable String version) {
    return catalog.get(name, version);
  }
}
