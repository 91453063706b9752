package io.envprov.provisioner.packages;

import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import org.jspecify.annotations.Nullable;

/**
 * The class loader Flyway is configured with: classes come from the parent, resources from nowhere.
 * Migrations come from memory, so Flyway has nothing to find on the class path, yet it still looks
 * for Java callbacks under {@code db/callback} every time it is configured; with this loader that
 * look-up answers at once instead of searching every jar, and no class-path migration or callback
 * can ever slip into a package.
 */
final class ResourcelessClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  ResourcelessClassLoader(ClassLoader parent) {
    super(parent);
  }

  @Override
  public @Nullable URL getResource(String name) {
    return null;
  }

  @Override
  public Enumeration<URL> getResources(String name) {
    return Collections.emptyEnumeration();
  }

  @Override
  public java.io.@Nullable InputStream getResourceAsStream(String name) {
    return null;
  }
}
