package dev.cirrus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Pure unit tests of the proxy's rule machinery; no server involved. */
class FaultProxyTest {

  @Test
  void unit_sameSeedRuleAndIndex_sameValue() {
    double[] first = IntStream.range(0, 1000).mapToDouble(n -> FaultProxy.unit(7, 0, n)).toArray();
    double[] second = IntStream.range(0, 1000).mapToDouble(n -> FaultProxy.unit(7, 0, n)).toArray();

    assertThat(first).containsExactly(second);
    assertThat(java.util.Arrays.stream(first).allMatch(u -> u >= 0.0 && u < 1.0)).isTrue();
  }

  @Test
  void unit_otherSeed_otherSchedule() {
    long same = IntStream.range(0, 1000).filter(n -> (FaultProxy.unit(1, 0, n) < 0.5) == (FaultProxy.unit(2, 0, n) < 0.5)).count();

    assertThat(same).isBetween(400L, 600L);
  }

  @Test
  void unit_rateHalf_selectsAboutHalf() {
    long hits = IntStream.range(0, 100_000).filter(n -> FaultProxy.unit(42, 3, n) < 0.5).count();

    assertThat(hits).isBetween(49_000L, 51_000L);
  }

  @Test
  void matches_patterns_matchOperationServiceOrAll() {
    assertThat(FaultProxy.matches("*", "S3.GetObject")).isTrue();
    assertThat(FaultProxy.matches("S3.*", "S3.GetObject")).isTrue();
    assertThat(FaultProxy.matches("S3.GetObject", "S3.GetObject")).isTrue();
    assertThat(FaultProxy.matches("S3.GetObject", "S3.GetObjectAcl")).isFalse();
    assertThat(FaultProxy.matches("KMS.*", "S3.GetObject")).isFalse();
  }

  @Test
  void identify_awsJsonTargets_nameServiceAndOperation() {
    assertThat(ProxyRequest.identify("POST", "/", List.of(Map.entry("X-Amz-Target", "TrentService.GenerateDataKey"))))
        .isEqualTo("KMS.GenerateDataKey");
    assertThat(ProxyRequest.identify("POST", "/", List.of(Map.entry("x-amz-target", "DynamoDB_20120810.BatchWriteItem"))))
        .isEqualTo("DynamoDB.BatchWriteItem");
  }

  @Test
  void identify_s3RestRequests_nameTheOperation() {
    List<Map.Entry<String, String>> s3 = List.of(Map.entry("Authorization", "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/s3/aws4_request"));
    List<Map.Entry<String, String>> copy = List.of(s3.get(0), Map.entry("x-amz-copy-source", "/b/src"));

    assertThat(ProxyRequest.identify("PUT", "/b/k?partNumber=2&uploadId=abc", s3)).isEqualTo("S3.UploadPart");
    assertThat(ProxyRequest.identify("PUT", "/b/k?partNumber=2&uploadId=abc", copy)).isEqualTo("S3.UploadPartCopy");
    assertThat(ProxyRequest.identify("PUT", "/b/k", s3)).isEqualTo("S3.PutObject");
    assertThat(ProxyRequest.identify("PUT", "/b/k", copy)).isEqualTo("S3.CopyObject");
    assertThat(ProxyRequest.identify("PUT", "/b", s3)).isEqualTo("S3.CreateBucket");
    assertThat(ProxyRequest.identify("PUT", "/b?lifecycle", s3)).isEqualTo("S3.PutBucketLifecycleConfiguration");
    assertThat(ProxyRequest.identify("POST", "/b/k?uploads", s3)).isEqualTo("S3.CreateMultipartUpload");
    assertThat(ProxyRequest.identify("POST", "/b/k?uploadId=abc", s3)).isEqualTo("S3.CompleteMultipartUpload");
    assertThat(ProxyRequest.identify("POST", "/b?delete", s3)).isEqualTo("S3.DeleteObjects");
    assertThat(ProxyRequest.identify("DELETE", "/b/k?uploadId=abc", s3)).isEqualTo("S3.AbortMultipartUpload");
    assertThat(ProxyRequest.identify("DELETE", "/b/k", s3)).isEqualTo("S3.DeleteObject");
    assertThat(ProxyRequest.identify("GET", "/b/k?uploadId=abc", s3)).isEqualTo("S3.ListParts");
    assertThat(ProxyRequest.identify("GET", "/b?uploads", s3)).isEqualTo("S3.ListMultipartUploads");
    assertThat(ProxyRequest.identify("GET", "/b?list-type=2&prefix=a", s3)).isEqualTo("S3.ListObjectsV2");
    assertThat(ProxyRequest.identify("GET", "/b/dir/k.txt?partNumber=1", s3)).isEqualTo("S3.GetObject");
    assertThat(ProxyRequest.identify("HEAD", "/b/k", s3)).isEqualTo("S3.HeadObject");
    assertThat(ProxyRequest.identify("HEAD", "/b", s3)).isEqualTo("S3.HeadBucket");
    assertThat(ProxyRequest.identify("GET", "/", s3)).isEqualTo("S3.ListBuckets");
  }

  @Test
  void inject_rateOutsideUnitInterval_isRejected() {
    try (FaultProxy proxy = FaultProxy.start(URI.create("http://127.0.0.1:1"), 1)) {
      assertThatThrownBy(() -> proxy.inject("*", 1.5, Fault.throttle()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rate must be between 0 and 1, was 1.5");
      assertThatThrownBy(() -> proxy.inject("*", Double.NaN, Fault.throttle()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rate must be between 0 and 1, was NaN");
    }
  }

  @Test
  void rateLimit_nonPositiveRateOrBurst_isRejected() {
    try (FaultProxy proxy = FaultProxy.start(URI.create("http://127.0.0.1:1"), 1)) {
      assertThatThrownBy(() -> proxy.rateLimit("*", 0, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("requestsPerSecond must be > 0, was 0.0");
      assertThatThrownBy(() -> proxy.rateLimit("*", 10, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("burst must be >= 1, was 0");
    }
  }

  @Test
  void latency_negative_isRejected() {
    assertThatThrownBy(() -> Fault.latency(java.time.Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay must be >= 0, was PT-0.001S");
  }
}
