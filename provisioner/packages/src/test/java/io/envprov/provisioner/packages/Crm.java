package io.envprov.provisioner.packages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A package of the tests' catalog: {@code crm}, each version listing all its migrations. */
final class Crm {

  static final Migration CREATE_CONTACTS =
      new Migration(
          "1",
          "create contacts",
          "CREATE TABLE contacts (id integer PRIMARY KEY, name text NOT NULL);\n",
          Map.of());
  static final Migration INDEX_NAMES =
      new Migration(
          "2",
          "index contacts by name",
          "CREATE INDEX contacts_name ON contacts (name);\n",
          Map.of());
  static final Migration ADD_PHONE =
      new Migration("3", "add phone", "ALTER TABLE contacts ADD COLUMN phone text;\n", Map.of());
  static final Migration CREATE_DEALS =
      new Migration(
          "4",
          "create deals",
          "CREATE TABLE deals (\n  id integer PRIMARY KEY,\n  contact_id integer REFERENCES"
              + " contacts (id)\n);\nCREATE INDEX deals_contact ON deals (contact_id);\n",
          Map.of());
  static final Migration BROKEN =
      new Migration("5", "broken", "INSERT INTO no_such_table VALUES (1);\n", Map.of());

  static final PackageVersion V1_0_0 = version("1.0.0", CREATE_CONTACTS, INDEX_NAMES);
  static final PackageVersion V1_1_0 = version("1.1.0", CREATE_CONTACTS, INDEX_NAMES, ADD_PHONE);
  static final PackageVersion V1_2_0 =
      version("1.2.0", CREATE_CONTACTS, INDEX_NAMES, ADD_PHONE, CREATE_DEALS, BROKEN);

  /** The catalog of crm: every version. */
  static final List<PackageVersion> CATALOG = List.of(V1_0_0, V1_1_0, V1_2_0);

  private Crm() {}

  static PackageVersion version(String version, Migration... migrations) {
    return new PackageVersion("crm", version, List.of(migrations));
  }

  /** The catalog plus {@code more}. */
  static List<PackageVersion> catalogWith(PackageVersion... more) {
    List<PackageVersion> catalog = new ArrayList<>(CATALOG);
    catalog.addAll(List.of(more));
    return catalog;
  }
}
