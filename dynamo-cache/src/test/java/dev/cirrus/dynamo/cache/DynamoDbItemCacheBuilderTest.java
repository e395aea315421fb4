package dev.cirrus.dynamo.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.dynamo.ItemValidator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DynamoDbItemCacheBuilderTest {
  private final FakeDynamo ddb = new FakeDynamo();

  @Test
  void ttl_zero_throwsNamingTtl() {
    assertThatThrownBy(() -> DynamoDbItemCache.builder(ddb).ttl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("ttl must be positive, was PT0S");
  }

  @Test
  void ttl_negative_throwsNamingTtl() {
    assertThatThrownBy(() -> DynamoDbItemCache.builder(ddb).ttl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("ttl must be positive, was PT-1S");
  }

  @Test
  void negativeTtl_zero_throws() {
    assertThatThrownBy(() -> DynamoDbItemCache.builder(ddb).negativeTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("negativeTtl must be positive, was PT0S");
  }

  @Test
  void maximumWeightBytes_zero_throwsWithRange() {
    assertThatThrownBy(() -> DynamoDbItemCache.builder(ddb).maximumWeightBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumWeightBytes must be between 1 and 9223372036854775807, was 0");
  }

  @Test
  void maximumWeightBytes_negative_throwsWithRange() {
    assertThatThrownBy(() -> DynamoDbItemCache.builder(ddb).maximumWeightBytes(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumWeightBytes must be between 1 and 9223372036854775807, was -5");
  }

  @Test
  void queryCache_zero_throwsWithRange() {
    assertThatThrownBy(() -> DynamoDbItemCache.builder(ddb).queryCache(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queryCache maximumWeightBytes must be between 1 and 9223372036854775807, was 0");
  }

  @Test
  void consistentReadAfterWrite_negative_throws() {
    assertThatThrownBy(() -> DynamoDbItemCache.builder(ddb).consistentReadAfterWrite(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("consistentReadAfterWrite must be zero or positive, was PT-0.001S");
  }

  @Test
  void tableName_blank_throws() {
    assertThatThrownBy(() -> DynamoDbItemCache.builder(ddb).tableName(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("tableName must not be blank, was ' '");
  }

  @Test
  void builder_nullClient_throwsNamingIt() {
    assertThatThrownBy(() -> DynamoDbItemCache.builder(null))
        .isInstanceOf(NullPointerException.class).hasMessage("client");
  }

  @Test
  void build_withoutTtl_throwsNamingRequiredSettings() {
    assertThatThrownBy(() -> DynamoDbItemCache.builder(ddb).tableName("t").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("tableName and ttl are required; call tableName(String) and ttl(Duration) before build()");
  }

  @Test
  void build_negativeTtlLongerThanTtl_throws() {
    assertThatThrownBy(() -> DynamoDbItemCache.builder(ddb).tableName("t").ttl(Duration.ofSeconds(5))
        .negativeTtl(Duration.ofSeconds(6)).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("negativeTtl must be at most ttl (PT5S), was PT6S");
  }

  @Test
  void build_refreshAheadNotShorterThanTtl_throws() {
    assertThatThrownBy(() -> DynamoDbItemCache.builder(ddb).tableName("t").ttl(Duration.ofSeconds(5))
        .refreshAhead(Duration.ofSeconds(5)).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("refreshAhead must be shorter than ttl (PT5S), was PT5S");
  }

  @Test
  void build_noKeySchema_readsItWithDescribeTable() {
    DynamoDbItemCache cache = DynamoDbItemCache.builder(ddb).tableName("t").ttl(Duration.ofMinutes(1)).build();
    ddb.store("a", 1);

    assertThat(cache.getItem(FakeDynamo.key("a"))).contains(FakeDynamo.item("a", 1));
    assertThat(cache.tableName()).isEqualTo("t");
    assertThat(cache).hasToString("DynamoDbItemCache[t]");
  }

  @Test
  void build_reusedBuilder_doesNotChangeTheBuiltCache() {
    DynamoDbItemCacheBuilder b = DynamoDbItemCache.builder(ddb).tableName("t").keySchema(ItemValidator.forTable("pk"))
        .ttl(Duration.ofMinutes(1));
    DynamoDbItemCache first = b.build();
    b.tableName("other");

    assertThat(first.tableName()).isEqualTo("t");
    assertThat(b.build().tableName()).isEqualTo("other");
  }
}
