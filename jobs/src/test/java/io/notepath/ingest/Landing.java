package io.notepath.ingest;

import io.notepath.config.NotepathSettings;
import io.notepath.config.SettingsLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Test fixture: a raw landing area under a temporary root, written the way the upstream loader
 * does it (data files first, _SUCCESS last), plus JSON line builders for the contract tables.
 */
final class Landing {
  /** Marks a field to leave out of a JSON line. */
  static final Object ABSENT = new Object();

  final Path root;

  Landing(Path root) {
    this.root = root;
  }

  /** Lands a JSON Lines partition with _SUCCESS. */
  Landing json(String table, String dt, String... lines) {
    write(partition(table, dt).resolve("part-00000.json"), bytes(lines));
    return success(table, dt);
  }

  /** Lands a gzip JSON Lines partition with _SUCCESS. */
  Landing gzip(String table, String dt, String... lines) {
    Path file = partition(table, dt).resolve("part-00000.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(bytes(lines));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    return success(table, dt);
  }

  /** Writes a data file without _SUCCESS: the partition has not landed. */
  Landing unfinished(String table, String dt, String... lines) {
    write(partition(table, dt).resolve("part-00000.json"), bytes(lines));
    return this;
  }

  /** Writes raw bytes as one more data file of a partition (call before or after json()). */
  Landing rawFile(String table, String dt, String name, byte[] content) {
    write(partition(table, dt).resolve(name), content);
    return this;
  }

  /** Lands a partition that holds only _SUCCESS. */
  Landing empty(String table, String dt) {
    partition(table, dt);
    return success(table, dt);
  }

  Landing success(String table, String dt) {
    write(partition(table, dt).resolve("_SUCCESS"), new byte[0]);
    return this;
  }

  Path partition(String table, String dt) {
    try {
      return Files.createDirectories(root.resolve(table).resolve("dt=" + dt));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Settings reading this landing area; extra HOCON overrides may follow. */
  NotepathSettings settings(String... overrides) {
    List<String> all = new ArrayList<>();
    all.add("notepath.input.root=\"" + root.toUri() + "\"");
    all.addAll(List.of(overrides));
    return SettingsLoader.settings(null, all);
  }

  /** A notes line: note n published at publishedAt, category food, author a1. */
  static String note(String noteId, Object publishedAt, Object... overrides) {
    return line(
        with(
            fields(
                "note_id", noteId,
                "author_id", "a1",
                "published_at", publishedAt,
                "category", "food"),
            overrides));
  }

  /** An impressions line: viewer v1 on home_feed, not a follower. */
  static String impression(Object eventId, Object noteId, Object ts, Object... overrides) {
    return line(
        with(
            fields(
                "event_id", eventId,
                "note_id", noteId,
                "viewer_id", "v1",
                "ts", ts,
                "surface", "home_feed",
                "viewer_is_follower", false),
            overrides));
  }

  /** An interactions line: user u1 likes. */
  static String interaction(String eventId, String noteId, Object ts, Object... overrides) {
    return line(
        with(
            fields(
                "event_id", eventId,
                "note_id", noteId,
                "user_id", "u1",
                "ts", ts,
                "action", "like"),
            overrides));
  }

  /** An official_picks line. */
  static String pick(String noteId, String accountId, Object pickedAt) {
    return line(fields("note_id", noteId, "account_id", accountId, "picked_at", pickedAt));
  }

  /** A JSON object line; String values are quoted, others (numbers, booleans, null) are not. */
  static String line(Map<String, Object> fields) {
    List<String> parts = new ArrayList<>();
    fields.forEach(
        (k, v) -> {
          if (v != ABSENT) {
            String value = v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
            parts.add("\"" + k + "\":" + value);
          }
        });
    return "{" + String.join(",", parts) + "}";
  }

  /** A value written into the line as-is (e.g. a nested object). */
  static Object raw(String json) {
    return new Object() {
      @Override
      public String toString() {
        return json;
      }
    };
  }

  private static Map<String, Object> fields(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }

    return m;
  }

  private static Map<String, Object> with(Map<String, Object> base, Object... overrides) {
    base.putAll(fields(overrides));
    return base;
  }

  private static byte[] bytes(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Path file, byte[] content) {
    try {
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
