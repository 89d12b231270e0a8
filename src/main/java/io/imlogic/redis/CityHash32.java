package io.imlogic.redis;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * CityHash32 as defined by Google CityHash v1.1 ({@code CityHash32} in city.cc), which is also what
 * the Go package {@code github.com/zhenjl/cityhash} computes. goim uses it to pick the Redis hash
 * field a room's online count lives in: {@code CityHash32(roomKey, len(roomKey)) % 64}.
 *
 * <p>All arithmetic is unsigned 32-bit in the reference; Java {@code int} arithmetic wraps the same
 * way, so only right shifts need care ({@code >>>}). The result is returned as an {@code int}
 * holding the 32 bits; use {@link Integer#toUnsignedLong(int)} to get the unsigned value.
 *
 * <p>Words are read little-endian regardless of platform, matching the reference on little-endian
 * machines (the only byte order the Go port supports).
 */
public final class CityHash32 {

  // Murmur3 constants used by CityHash's 32-bit path.
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;
  private static final int MIX_ADD = 0xe6546b64;

  private CityHash32() {}

  /** CityHash32 of the whole array. */
  public static int hash(byte[] data) {
    return hash(data, 0, data.length);
  }

  /** CityHash32 of {@code length} bytes of {@code data} starting at {@code offset}. */
  public static int hash(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    if (length <= 4) {
      return hashUpTo4(data, offset, length);
    }
    if (length <= 12) {
      return hash5To12(data, offset, length);
    }
    if (length <= 24) {
      return hash13To24(data, offset, length);
    }
    return hashLong(data, offset, length);
  }

  /** CityHash32 of the UTF-8 encoding of {@code s}. */
  public static int hash(String s) {
    return hash(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * goim's shard index for a room key: unsigned CityHash32 of the key's UTF-8 bytes, modulo
   * {@code shards}. Always in {@code [0, shards)}.
   */
  public static int shard(String roomKey, int shards) {
    if (shards <= 0) {
      throw new IllegalArgumentException("shards must be positive: " + shards);
    }
    return (int) (Integer.toUnsignedLong(hash(roomKey)) % shards);
  }

  // ---------------------------------------------------------------------------------------------

  private static int hashUpTo4(byte[] s, int off, int len) {
    int b = 0;
    int c = 9;
    for (int i = 0; i < len; i++) {
      // The reference sign-extends each byte (signed char -> uint32); Java bytes are signed, so
      // the implicit widening to int does exactly that.
      b = b * C1 + s[off + i];
      c ^= b;
    }
    return fmix(mur(b, mur(len, c)));
  }

  private static int hash5To12(byte[] s, int off, int len) {
    int a = len;
    int b = len * 5;
    int c = 9;
    int d = b;
    a += fetch32(s, off);
    b += fetch32(s, off + len - 4);
    c += fetch32(s, off + ((len >>> 1) & 4));
    return fmix(mur(c, mur(b, mur(a, d))));
  }

  private static int hash13To24(byte[] s, int off, int len) {
    int half = len >>> 1;
    int a = fetch32(s, off + half - 4);
    int b = fetch32(s, off + 4);
    int c = fetch32(s, off + len - 8);
    int d = fetch32(s, off + half);
    int e = fetch32(s, off);
    int f = fetch32(s, off + len - 4);
    int h = len;
    h = mur(a, h);
    h = mur(b, h);
    h = mur(c, h);
    h = mur(d, h);
    h = mur(e, h);
    h = mur(f, h);
    return fmix(h);
  }

  private static int hashLong(byte[] s, int off, int len) {
    int end = off + len;
    int h = len;
    int g = C1 * len;
    int f = g;

    // Seed the three lanes from the last 20 bytes.
    int t0 = scramble(fetch32(s, end - 4));
    int t1 = scramble(fetch32(s, end - 8));
    int t2 = scramble(fetch32(s, end - 16));
    int t3 = scramble(fetch32(s, end - 12));
    int t4 = scramble(fetch32(s, end - 20));
    h = step19(h ^ t0);
    h = step19(h ^ t2);
    g = step19(g ^ t1);
    g = step19(g ^ t3);
    f = step19(f + t4);

    // Consume 20-byte blocks from the front; (len - 1) / 20 of them (at least one, since len > 24).
    int blocks = (len - 1) / 20;
    int p = off;
    for (int n = 0; n < blocks; n++, p += 20) {
      int w0 = scramble(fetch32(s, p));
      int w1 = fetch32(s, p + 4);
      int w2 = scramble(fetch32(s, p + 8));
      int w3 = scramble(fetch32(s, p + 12));
      int w4 = fetch32(s, p + 16);

      h = Integer.rotateRight(h ^ w0, 18) * 5 + MIX_ADD;
      f = Integer.rotateRight(f + w1, 19) * C1;
      g = Integer.rotateRight(g + w2, 18) * 5 + MIX_ADD;
      h = step19(h ^ (w3 + w1));
      g = Integer.reverseBytes(g ^ w4) * 5;
      h = Integer.reverseBytes(h + w4 * 5);
      f += w0;

      // Rotate the roles of the lanes: (f, h, g) <- (g, f, h).
      int oldF = f;
      f = g;
      g = h;
      h = oldF;
    }

    g = Integer.rotateRight(g, 11) * C1;
    g = Integer.rotateRight(g, 17) * C1;
    f = Integer.rotateRight(f, 11) * C1;
    f = Integer.rotateRight(f, 17) * C1;
    h = step19(h + g);
    h = Integer.rotateRight(h, 17) * C1;
    h = step19(h + f);
    h = Integer.rotateRight(h, 17) * C1;
    return h;
  }

  /** Murmur3 block scramble: {@code rotr(k * c1, 17) * c2}. */
  private static int scramble(int k) {
    return Integer.rotateRight(k * C1, 17) * C2;
  }

  /** {@code rotr(x, 19) * 5 + 0xe6546b64}. */
  private static int step19(int x) {
    return Integer.rotateRight(x, 19) * 5 + MIX_ADD;
  }

  /** Murmur3-style combine of {@code a} into {@code h}. */
  private static int mur(int a, int h) {
    return step19(h ^ scramble(a));
  }

  /** Murmur3 32-bit finalizer. */
  private static int fmix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  private static int fetch32(byte[] s, int i) {
    return (s[i] & 0xff)
        | (s[i + 1] & 0xff) << 8
        | (s[i + 2] & 0xff) << 16
        | (s[i + 3] & 0xff) << 24;
  }
}
