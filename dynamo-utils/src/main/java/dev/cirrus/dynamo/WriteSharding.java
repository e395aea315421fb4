package dev.cirrus.dynamo;

import dev.cirrus.dynamo.internal.ItemSizer;
import dev.cirrus.dynamo.internal.ShardHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Sharded partition keys {@code base + separator + suffix} that spread one logical hot key over N partition key
 * values (source: "Using write sharding to distribute workloads evenly",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-sharding.html).
 *
 * <p>The suffix is the decimal shard number {@code firstSuffix + shard}, where {@code shard} is in
 * {@code [0, shardCount)} and is chosen by the {@link ShardStrategy}. Trade-off: N shards multiply the write
 * throughput one logical key can take by N (each shard lives in its own partition key), but reading the whole
 * logical key costs N queries ({@link ScatterGatherQuery}); a {@link ShardStrategy#CALCULATED} shard lets a
 * reader with the id go straight to one shard.
 *
 * <p>Example: {@code WriteSharding.calculated(10)} maps {@code writeKey("2026-11-26", "order-42")} to
 * {@code "2026-11-26#7"}-style keys.
 *
 * <p>Instances are immutable and thread-safe if the injected {@link RandomGenerator} is (the default,
 * {@code ThreadLocalRandom}-backed generator is).
 */
public final class WriteSharding {
  /** Largest shard count accepted. */
  public static final int MAX_SHARD_COUNT = 1_000_000;

  private final int shardCount;
  private final String separator;
  private final int firstSuffix;
  private final ShardStrategy strategy;
  private final RandomGenerator random;

  private WriteSharding(Builder b) {
    this.shardCount = b.shardCount;
    this.separator = b.separator;
    this.firstSuffix = b.firstSuffix;
    this.strategy = b.strategy;
    this.random = b.random;
  }

  /**
   * Random suffixes over {@code shardCount} shards, separator {@code "#"}, suffixes from 0.
   *
   * @param shardCount the number of shards, 1 to 1,000,000
   * @return random suffixes over {@code shardCount} shards, separator {@code "#"}, suffixes from 0
   * @throws IllegalArgumentException if {@code shardCount} is not between 1 and 1,000,000
   */
  public static WriteSharding random(int shardCount) {
    return builder().shardCount(shardCount).strategy(ShardStrategy.RANDOM).build();
  }

  /**
   * Calculated (stable hash) suffixes over {@code shardCount} shards, separator {@code "#"}, suffixes from 0.
   *
   * @param shardCount the number of shards, 1 to 1,000,000
   * @return calculated (stable hash) suffixes over {@code shardCount} shards, separator {@code "#"}, suffixes from 0
   * @throws IllegalArgumentException if {@code shardCount} is not between 1 and 1,000,000
   */
  public static WriteSharding calculated(int shardCount) {
    return builder().shardCount(shardCount).strategy(ShardStrategy.CALCULATED).build();
  }

  /**
   * The skewed compatibility formula of AWS's guide: suffix = (product of code points mod {@code shardCount}) + 1,
   * separator {@code "#"}; see {@link ShardStrategy#PRODUCT_OF_CODE_POINTS}.
   *
   * @param shardCount the number of shards, 1 to 1,000,000
   * @return the sharding, suffixes 1 to {@code shardCount}
   * @throws IllegalArgumentException if {@code shardCount} is not between 1 and 1,000,000
   */
  public static WriteSharding productOfCodePointsCompatibility(int shardCount) {
    return builder().shardCount(shardCount).strategy(ShardStrategy.PRODUCT_OF_CODE_POINTS).firstSuffix(1).build();
  }

  /**
   * A new builder; the shard count is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder initialised from this object.
   *
   * @return a builder holding this object's settings
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.shardCount = shardCount;
    b.separator = separator;
    b.firstSuffix = firstSuffix;
    b.strategy = strategy;
    b.random = random;
    return b;
  }

  /** {@return the number of shards N} */
  public int shardCount() {
    return shardCount;
  }

  /** {@return the separator between base key and suffix; {@code "#"} by default} */
  public String separator() {
    return separator;
  }

  /** {@return the suffix of shard 0; 0 by default (1 in the compatibility mode)} */
  public int firstSuffix() {
    return firstSuffix;
  }

  /** {@return the strategy} */
  public ShardStrategy strategy() {
    return strategy;
  }

  /**
   * The shard of an item identified by {@code itemId}, in {@code [0, shardCount)}; the same id gives the same
   * shard in every JVM and release.
   *
   * @param itemId the value of the attribute the shard is computed from, for example an order id
   * @return the shard, in {@code [0, shardCount)}
   * @throws IllegalStateException if the strategy is {@link ShardStrategy#RANDOM} (a random shard cannot be
   *     recomputed)
   * @throws NullPointerException if {@code itemId} is null
   */
  public int shardFor(String itemId) {
    Objects.requireNonNull(itemId, "itemId");
    return switch (strategy) {
      case CALCULATED -> ShardHash.shard(itemId, shardCount);
      case PRODUCT_OF_CODE_POINTS -> ShardHash.productOfCodePoints(itemId, shardCount);
      case RANDOM -> throw new IllegalStateException(
          "shardFor needs a CALCULATED or PRODUCT_OF_CODE_POINTS strategy; RANDOM shards cannot be recomputed");
    };
  }

  /** {@return a uniformly random shard in {@code [0, shardCount)} from the injected generator} */
  public int randomShard() {
    return random.nextInt(shardCount);
  }

  /**
   * The partition key to write an item under: a random shard for {@link ShardStrategy#RANDOM} ({@code itemId}
   * is then ignored and may be null), otherwise {@link #shardFor(String) shardFor(itemId)}.
   *
   * @param base the logical partition key value, before sharding
   * @param itemId the item's id; ignored (and may be null) for {@link ShardStrategy#RANDOM}
   * @return the sharded partition key
   * @throws IllegalArgumentException if the resulting key is longer than 2,048 UTF-8 bytes
   */
  public String writeKey(String base, String itemId) {
    return key(base, strategy == ShardStrategy.RANDOM ? randomShard() : shardFor(itemId));
  }

  /**
   * The partition key holding the item {@code itemId}: one GetItem or Query instead of N.
   *
   * @param base the logical partition key value, before sharding
   * @param itemId the item's id
   * @return the partition key holding the item {@code itemId}: one GetItem or Query instead of N
   * @throws IllegalStateException if the strategy is {@link ShardStrategy#RANDOM}
   * @throws IllegalArgumentException if the key is longer than 2,048 UTF-8 bytes
   */
  public String keyFor(String base, String itemId) {
    return key(base, shardFor(itemId));
  }

  /**
   * The partition key of one shard: {@code base + separator + (firstSuffix + shard)}.
   *
   * @param base the logical partition key value, before sharding
   * @param shard the shard, in {@code [0, shardCount)}
   * @return the partition key of one shard: {@code base + separator + (firstSuffix + shard)}
   * @throws IllegalArgumentException if {@code shard} is not in {@code [0, shardCount)} or the key is longer than
   *     2,048 UTF-8 bytes
   */
  public String key(String base, int shard) {
    Objects.requireNonNull(base, "base");
    if (shard < 0 || shard >= shardCount) {
      throw new IllegalArgumentException("shard must be between 0 and " + (shardCount - 1) + ", was " + shard);
    }
    String key = base + separator + (firstSuffix + shard);
    int bytes = ItemSizer.utf8Length(key);
    if (bytes > ItemSize.MAX_PARTITION_KEY_BYTES) {
      throw new IllegalArgumentException("sharded partition key must be at most " + ItemSize.MAX_PARTITION_KEY_BYTES
          + " UTF-8 bytes, was " + bytes);
    }
    return key;
  }

  /**
   * The keys of all shards of {@code base}, shard 0 first: what a scatter-gather read queries.
   *
   * @param base the logical partition key value, before sharding
   * @return the keys of all shards of {@code base}, shard 0 first: what a scatter-gather read queries
   */
  public List<String> allKeys(String base) {
    List<String> keys = new ArrayList<>(shardCount);
    for (int i = 0; i < shardCount; i++) {
      keys.add(key(base, i));
    }
    return keys;
  }

  /**
   * The shard number encoded in a sharded key.
   *
   * @param shardedKey a key built by {@link #key(String, int)}
   * @return the shard number encoded in a sharded key
   * @throws IllegalArgumentException if the key does not end with the separator and a suffix in range
   */
  public int shardOfKey(String shardedKey) {
    Objects.requireNonNull(shardedKey, "shardedKey");
    int at = shardedKey.lastIndexOf(separator);
    if (at >= 0) {
      try {
        int shard = Integer.parseInt(shardedKey.substring(at + separator.length())) - firstSuffix;
        if (shard >= 0 && shard < shardCount) {
          return shard;
        }
      } catch (NumberFormatException ignored) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException("'" + shardedKey + "' does not end with '" + separator + "' and a suffix between "
        + firstSuffix + " and " + (firstSuffix + shardCount - 1));
  }

  @Override
  public String toString() {
    return "WriteSharding[" + strategy + ", shards=" + shardCount + ", separator='" + separator + "', firstSuffix="
        + firstSuffix + "]";
  }

  /** Builds {@link WriteSharding}. Not thread-safe; {@link #build()} copies the state. */
  public static final class Builder {
    private int shardCount;
    private String separator = "#";
    private int firstSuffix;
    private ShardStrategy strategy = ShardStrategy.CALCULATED;
    private RandomGenerator random = new ThreadLocalRandomGenerator();

    private Builder() {
    }

    /**
     * The number of shards (required).
     *
     * @param count the number of shards (required)
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 1,000,000
     */
    public Builder shardCount(int count) {
      if (count < 1 || count > MAX_SHARD_COUNT) {
        throw new IllegalArgumentException("shardCount must be between 1 and " + MAX_SHARD_COUNT + ", was " + count);
      }
      this.shardCount = count;
      return this;
    }

    /**
     * The separator; {@code "#"} by default.
     *
     * @param separator the separator; {@code "#"} by default
     * @return this builder
     * @throws IllegalArgumentException if empty or containing a digit (the suffix could not be parsed back)
     */
    public Builder separator(String separator) {
      Objects.requireNonNull(separator, "separator");
      if (separator.isEmpty() || separator.chars().anyMatch(Character::isDigit)) {
        throw new IllegalArgumentException("separator must be non-empty and contain no digits, was '" + separator + "'");
      }
      this.separator = separator;
      return this;
    }

    /**
     * The suffix of shard 0; 0 by default. AWS's examples number shards from 1.
     *
     * @param first the suffix of shard 0; 0 by default
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder firstSuffix(int first) {
      if (first < 0) {
        throw new IllegalArgumentException("firstSuffix must be >= 0, was " + first);
      }
      this.firstSuffix = first;
      return this;
    }

    /**
     * The strategy; {@link ShardStrategy#CALCULATED} by default.
     *
     * @param strategy the strategy; {@link ShardStrategy#CALCULATED} by default
     * @return this builder
     */
    public Builder strategy(ShardStrategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * The randomness for {@link ShardStrategy#RANDOM}; by default {@code ThreadLocalRandom.current()} per call.
     *
     * @param random the randomness for {@link ShardStrategy#RANDOM}
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the sharding.
     *
     * @return a new {@link WriteSharding}
     * @throws IllegalStateException if the shard count was not set
     */
    public WriteSharding build() {
      if (shardCount == 0) {
        throw new IllegalStateException("shardCount must be set");
      }
      return new WriteSharding(this);
    }
  }

  /** Delegates to the calling thread's {@code ThreadLocalRandom}, so one instance is safe to share. */
  private static final class ThreadLocalRandomGenerator implements RandomGenerator {
    @Override
    public long nextLong() {
      return java.util.concurrent.ThreadLocalRandom.current().nextLong();
    }

    @Override
    public int nextInt(int bound) {
      return java.util.concurrent.ThreadLocalRandom.current().nextInt(bound);
    }
  }
}
