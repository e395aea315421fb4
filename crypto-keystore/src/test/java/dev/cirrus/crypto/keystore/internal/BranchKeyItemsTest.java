package dev.cirrus.crypto.keystore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class BranchKeyItemsTest {
  static final String ARN = "arn:aws:kms:us-east-1:123456789012:key/k";

  @Test
  void timestamp_milliseconds_paddedToSixDigitsLikeTheMplsSimpleDateFormat() {
    assertThat(BranchKeyItems.timestamp(Instant.parse("2026-12-06T21:05:09.345678901Z")))
        .isEqualTo("2026-12-06T21:05:09.000345Z");
    assertThat(BranchKeyItems.timestamp(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05.000000Z");
  }

  @Test
  void contexts_versionActiveBeacon_asTheMplBuildsThem() {
    Map<String, String> v = BranchKeyItems.versionContext("id", "u-1", "t", "logical", ARN, Map.of("tenant", "x"));

    assertThat(v).containsExactlyInAnyOrderEntriesOf(Map.of("branch-key-id", "id", "type", "branch:version:u-1",
        "create-time", "t", "tablename", "logical", "kms-arn", ARN, "hierarchy-version", "1",
        "aws-crypto-ec:tenant", "x"));
    assertThat(BranchKeyItems.activeContext(v)).containsEntry("type", "branch:ACTIVE")
        .containsEntry("version", "branch:version:u-1").hasSize(8);
    assertThat(BranchKeyItems.beaconContext(v)).containsEntry("type", "beacon:ACTIVE").doesNotContainKey("version")
        .hasSize(7);
    Map<String, String> next = BranchKeyItems.nextVersionContext(BranchKeyItems.activeContext(v), "u-2", "t2");
    assertThat(next).containsEntry("type", "branch:version:u-2").containsEntry("create-time", "t2")
        .doesNotContainKey("version").containsEntry("aws-crypto-ec:tenant", "x").hasSize(7);
  }

  @Test
  void toItem_context_dropsTablenameAddsEncAndHierarchyVersionAsNumber() {
    Map<String, String> v = BranchKeyItems.versionContext("id", "u-1", "t", "logical", ARN, Map.of());
    Map<String, AttributeValue> item = BranchKeyItems.toItem(v, SdkBytes.fromByteArray(new byte[] {1, 2}));

    assertThat(item).doesNotContainKey("tablename").containsEntry("hierarchy-version", AttributeValue.fromN("1"))
        .containsEntry("enc", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2})))
        .containsEntry("kms-arn", AttributeValue.fromS(ARN)).hasSize(6);
    BranchKeyItems.Checked checked =
        BranchKeyItems.check(item, BranchKeyItems.Kind.VERSION, "id", "u-1", "logical", ARN);
    assertThat(checked.context()).isEqualTo(v);
  }
}
