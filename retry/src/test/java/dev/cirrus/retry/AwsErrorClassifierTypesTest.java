package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

class AwsErrorClassifierTypesTest {
  private final AwsErrorClassifier classifier = AwsErrorClassifier.defaults();

  @Test
  void classify_handBuiltThrottlingTypesWithoutErrorDetails_throttling() {
    ProvisionedThroughputExceededException ptee = ProvisionedThroughputExceededException.builder()
        .message("hand-built").build();

    assertThat(ptee.awsErrorDetails()).isNull();
    assertThat(classifier.classify(ptee)).isEqualTo(ErrorKind.THROTTLING);
    assertThat(classifier.classify(RequestLimitExceededException.builder().build())).isEqualTo(ErrorKind.THROTTLING);
    assertThat(classifier.classify(ThrottlingException.builder().build())).isEqualTo(ErrorKind.THROTTLING);
  }

  @Test
  void classify_handBuiltThrottlingTypeWrappedWithStatus400_throttling() {
    ProvisionedThroughputExceededException ptee = ProvisionedThroughputExceededException.builder().statusCode(400)
        .build();

    assertThat(classifier.classify(new RuntimeException(ptee))).isEqualTo(ErrorKind.THROTTLING);
  }

  @Test
  void classify_handBuiltOtherTypesWithoutDetails_byStatus() {
    assertThat(classifier.classify(ConditionalCheckFailedException.builder().statusCode(400).build()))
        .isEqualTo(ErrorKind.NOT_RETRYABLE);
    assertThat(classifier.classify(DynamoDbException.builder().statusCode(500).build()))
        .isEqualTo(ErrorKind.TRANSIENT);
    assertThat(classifier.classify(DynamoDbException.builder().build())).isEqualTo(ErrorKind.NOT_RETRYABLE);
  }

  @Test
  void classify_throttlingCodeRemoved_typeNoLongerThrottles() {
    AwsErrorClassifier custom = classifier.toBuilder().removeErrorCode("ProvisionedThroughputExceededException")
        .build();

    assertThat(custom.classify(ProvisionedThroughputExceededException.builder().statusCode(400).build()))
        .isEqualTo(ErrorKind.NOT_RETRYABLE);
  }

  @Test
  void classify_errorCodeSaysThrottleOnGenericType_throttling() {
    DynamoDbException e = (DynamoDbException) DynamoDbException.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
        .build();

    assertThat(classifier.classify(e)).isEqualTo(ErrorKind.THROTTLING);
  }
}
