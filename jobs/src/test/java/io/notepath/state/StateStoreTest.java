package io.notepath.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.notepath.config.NotepathSettings;
import io.notepath.config.SettingsLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules a state is stored under: the same settings give the same rules in every JVM. */
class StateStoreTest {
  /**
   * The fingerprint names the state's directory; a night run in a new JVM must find the state of
   * the night before, so the rules may not depend on a map's iteration order (they did: every
   * `bin/notepath run` rebuilt from the raw logs).
   */
  @Test
  void rulesListTheInputTablesInNameOrder() {
    NotepathSettings s = SettingsLoader.settings(null, List.of());
    String tables =
        StateStore.rules(s).lines().filter(l -> l.startsWith("input.tables=")).findFirst().orElseThrow();
    assertThat(tables)
        .isEqualTo(
            "input.tables={impressions=InputTable[path=impressions, format=JSON], "
                + "interactions=InputTable[path=interactions, format=JSON], "
                + "notes=InputTable[path=notes, format=JSON], "
                + "official_picks=InputTable[path=official_picks, format=JSON]}");
  }
}
