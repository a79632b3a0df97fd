package io.notepath.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Layers the configuration: key=value overrides over system properties over the --config file
 * (or -Dconfig.file) over reference.conf, checks it against reference.conf and builds {@link
 * NotepathSettings}.
 */
public final class SettingsLoader {
  private SettingsLoader() {}

  /** The resolved notepath config; {@code configFile} may be null. */
  public static Config load(String configFile, List<String> overrides) {
    try {
      Config cli = ConfigFactory.parseString(String.join("\n", overrides));
      Config base;
      if (configFile != null) {
        File file = new File(configFile);
        if (!file.isFile()) {
          throw new InvalidSettingsException("--config: no such file: " + configFile);
        }

        ConfigFactory.invalidateCaches();
        base =
            ConfigFactory.defaultOverrides()
                .withFallback(
                    ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false)))
                .withFallback(ConfigFactory.defaultReference());
      } else {
        base = ConfigFactory.load();
      }

      Config config = cli.withFallback(base).resolve();
      config.checkValid(ConfigFactory.defaultReference(), "notepath");
      return config;
    } catch (ConfigException.ValidationFailed e) {
      List<String> problems = new java.util.ArrayList<>();
      e.problems().forEach(p -> problems.add(p.path() + ": " + p.problem()));
      throw new InvalidSettingsException("invalid config: " + String.join("; ", problems), e);
    } catch (ConfigException e) {
      throw new InvalidSettingsException("invalid config: " + e.getMessage(), e);
    }
  }

  /** Loads and validates in one step. */
  public static NotepathSettings settings(String configFile, List<String> overrides) {
    return NotepathSettings.from(load(configFile, overrides));
  }

  /** Every notepath.* key with its value, sorted, one per line: logged once per run. */
  public static String describe(Config config) {
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : config.getConfig("notepath").entrySet()) {
      sorted.put("notepath." + e.getKey(), e.getValue().render(ConfigRenderOptions.concise()));
    }

    return sorted.entrySet().stream()
        .map(e -> "  " + e.getKey() + " = " + e.getValue())
        .collect(Collectors.joining("\n"));
  }

  /** A short, stable hash of the resolved notepath config, written to the run manifest. */
  public static String fingerprint(Config config) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(describe(config).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
