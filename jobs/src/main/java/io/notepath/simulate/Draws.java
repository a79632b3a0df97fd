package io.notepath.simulate;

import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Seeded random draws as Spark columns. Every draw is a hash of (seed, salt, keys), so a row's
 * values depend only on its own keys: the output is the same whatever the partitioning, task order
 * or retries, and no random state crosses rows. Salts name the purpose of a draw, so two draws
 * about the same row are independent.
 *
 * <p>Event-level code hashes a row's identity once into a key column and draws from that single
 * long: generated code stays small, which matters because the JVM does not JIT-compile methods over
 * 8000 bytes of bytecode, and Spark's whole-stage code for wide projections gets there fast.
 */
final class Draws {
  private static final double TWO_POW_MINUS_53 = 1.0 / 9007199254740992.0;

  private final long seed;

  Draws(long seed) {
    this.seed = seed;
  }

  /** A stable 64-bit id of a salt (FNV-1a over its UTF-8 bytes). */
  static long saltId(String salt) {
    long h = 0xcbf29ce484222325L;
    for (byte b : salt.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }

    return h;
  }

  /** A raw 64-bit hash of (seed, salt, keys...). */
  Column hash(String salt, Column... keys) {
    List<Column> cols = new ArrayList<>();
    cols.add(lit(seed ^ saltId(salt)));
    cols.addAll(List.of(keys));
    return xxhash64(cols.toArray(Column[]::new));
  }

  /** A uniform double in [0, 1) from the top 53 bits of the hash. */
  Column uniform(String salt, Column... keys) {
    return shiftrightunsigned(hash(salt, keys), 11).cast("double").multiply(TWO_POW_MINUS_53);
  }

  /** True with probability p (a column or literal in [0, 1]). */
  Column chance(Column p, String salt, Column... keys) {
    return uniform(salt, keys).lt(p);
  }

  /** A uniform long in [0, n) for n >= 1. */
  Column below(Column n, String salt, Column... keys) {
    return least(floor(uniform(salt, keys).multiply(n)).cast("long"), n.cast("long").minus(1));
  }

  /** A standard normal draw (Box-Muller over two uniforms). */
  Column normal(String salt, Column... keys) {
    Column u1 = lit(1.0).minus(uniform(salt + ".1", keys));
    Column u2 = uniform(salt + ".2", keys);
    return sqrt(log(u1).multiply(-2.0)).multiply(cos(u2.multiply(2 * Math.PI)));
  }

  /** A Pareto draw: min x (1 - u)^(-1/alpha), as a double (>= min); cap it before casting. */
  Column pareto(double min, double alpha, String salt, Column... keys) {
    Column u = lit(1.0).minus(uniform(salt, keys));
    return pow(u, lit(-1.0 / alpha)).multiply(min);
  }
}
