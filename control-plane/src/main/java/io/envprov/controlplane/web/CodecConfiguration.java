package io.envprov.controlplane.web;

import io.envprov.controlplane.config.ControlPlaneProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/** Bounds what the codecs buffer to the request size limit. */
@Configuration(proxyBeanMethods = false)
class CodecConfiguration implements WebFluxConfigurer {

  private final int limit;

  CodecConfiguration(ControlPlaneProperties properties) {
    this.limit = properties.maxRequestBytes();
  }

  @Override
  public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
    configurer.defaultCodecs().maxInMemorySize(limit);
  }
}
