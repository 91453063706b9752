package io.envprov.controlplane.packages;

import io.envprov.controlplane.credential.CredentialTarget;
import io.envprov.controlplane.packages.AdminDatabases.AdminDatabase;
import io.envprov.provisioner.packages.InstalledPackage;
import io.envprov.provisioner.packages.SchemaDiff;
import io.envprov.provisioner.packages.SchemaSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** Compares two environments' databases: their schemas, read live, and their package versions. */
@Service
class SchemaDiffs {

  private final LiveDatabases live;

  SchemaDiffs(LiveDatabases live) {
    this.live = live;
  }

  SchemaDiffView diff(UUID environmentId, UUID otherId) {
    CredentialTarget here = live.active(environmentId);
    CredentialTarget there = live.active(otherId);
    AdminDatabase hereDatabase = live.open(here);
    AdminDatabase thereDatabase = live.open(there);
    SchemaDiff schema = live.snapshot(here, hereDatabase).diff(live.snapshot(there, thereDatabase));
    List<SchemaDiffView.PackageDifference> packages =
        packages(live.installed(here, hereDatabase), live.installed(there, thereDatabase));
    return new SchemaDiffView(
        environmentId,
        otherId,
        schema.isEmpty() && packages.isEmpty(),
        schema.tablesOnlyLeft(),
        schema.tablesOnlyRight(),
        schema.columns().stream()
            .map(
                c ->
                    new SchemaDiffView.ColumnDifference(
                        c.table(), c.column(), column(c.left()), column(c.right())))
            .toList(),
        schema.indexes().stream()
            .map(
                i ->
                    new SchemaDiffView.IndexDifference(
                        i.table(), i.index(), "left".equals(i.side()) ? "here" : "there"))
            .toList(),
        packages);
  }

  private static List<SchemaDiffView.PackageDifference> packages(
      List<InstalledPackage> here, List<InstalledPackage> there) {
    Map<String, String> hereVersions = new TreeMap<>(LiveDatabases.PACKAGE_ORDER);
    Map<String, String> thereVersions = new TreeMap<>(LiveDatabases.PACKAGE_ORDER);
    here.stream()
        .filter(p -> p.version() != null)
        .forEach(p -> hereVersions.put(p.name(), p.version()));
    there.stream()
        .filter(p -> p.version() != null)
        .forEach(p -> thereVersions.put(p.name(), p.version()));
    TreeSet<String> names = new TreeSet<>(LiveDatabases.PACKAGE_ORDER);
    names.addAll(hereVersions.keySet());
    names.addAll(thereVersions.keySet());
    List<SchemaDiffView.PackageDifference> differences = new ArrayList<>();
    for (String name : names) {
      String left = hereVersions.get(name);
      String right = thereVersions.get(name);
      if (!Objects.equals(left, right)) {
        differences.add(new SchemaDiffView.PackageDifference(name, left, right));
      }
    }
    return differences;
  }

  private static SchemaDiffView.@Nullable Column column(SchemaSnapshot.@Nullable Column column) {
    return column == null ? null : new SchemaDiffView.Column(column.type(), column.nullable());
  }
}
