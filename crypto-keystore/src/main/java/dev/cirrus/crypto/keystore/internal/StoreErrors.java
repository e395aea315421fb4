package dev.cirrus.crypto.keystore.internal;

import dev.cirrus.crypto.BranchKeyException;
import dev.cirrus.crypto.BranchKeyException.Reason;
import dev.cirrus.retry.ErrorClassifier;
import dev.cirrus.retry.RetriesExhaustedException;
import dev.cirrus.retry.RetryBudgetExhaustedException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Maps a failed DynamoDB or KMS call to a {@link BranchKeyException}; never puts request bodies in messages. */
public final class StoreErrors {
  private static final Set<String> KMS_DENIED = Set.of("AccessDeniedException", "NotFoundException",
      "DisabledException", "KMSInvalidStateException", "InvalidGrantTokenException", "InvalidKeyUsageException",
      "KeyUnavailableException");
  private static final Set<String> KMS_MALFORMED = Set.of("InvalidCiphertextException", "IncorrectKeyException");
  private static final Set<String> CONFLICTS = Set.of("ConditionalCheckFailed", "TransactionConflict");

  private StoreErrors() {}

  /** The cause of a future's failure. */
  public static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  /**
   * The exception for a failed call.
   *
   * @param operation "DynamoDB GetItem", "KMS Decrypt", ...
   * @return the mapped exception; the failure itself if it is neither an SDK nor a retry failure
   */
  public static RuntimeException map(String operation, String branchKeyId, String version, Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof BranchKeyException) {
      return (BranchKeyException) t;
    }
    if (t instanceof RetriesExhaustedException) {
      RetriesExhaustedException r = (RetriesExhaustedException) t;
      Throwable last = unwrap(r.lastFailure());
      if (!ErrorClassifier.aws().classify(last).isRetryable() && last instanceof SdkException) {
        return map(operation, branchKeyId, version, last);
      }
      return new BranchKeyException(Reason.UNAVAILABLE, branchKeyId, version,
          operation + " failed after " + r.attempts() + " attempts: " + describe(last), t);
    }
    if (t instanceof RetryBudgetExhaustedException) {
      return new BranchKeyException(Reason.UNAVAILABLE, branchKeyId, version,
          operation + " not retried, the retry budget is exhausted", t);
    }
    if (t instanceof AwsServiceException) {
      return service(operation, branchKeyId, version, (AwsServiceException) t);
    }
    if (t instanceof SdkException) {
      return new BranchKeyException(Reason.UNAVAILABLE, branchKeyId, version,
          operation + " failed: " + describe(t), t);
    }
    return t instanceof RuntimeException ? (RuntimeException) t : new CompletionException(t);
  }

  private static BranchKeyException service(String operation, String id, String version, AwsServiceException e) {
    String code = code(e);
    String detail = operation + " failed with " + code;
    Reason reason;
    if (e instanceof TransactionCanceledException) {
      boolean conflict = ((TransactionCanceledException) e).cancellationReasons().stream()
          .map(CancellationReason::code).anyMatch(CONFLICTS::contains);
      reason = conflict ? Reason.CONFLICT : Reason.UNAVAILABLE;
      detail = operation + " cancelled: " + reasons((TransactionCanceledException) e);
    } else if (code.equals("ConditionalCheckFailedException")) {
      reason = Reason.CONFLICT;
    } else if (KMS_MALFORMED.contains(code)) {
      reason = Reason.MALFORMED;
      detail = operation + " failed with " + code
          + ": the item's ciphertext or encryption context (attributes, logical key store name) was altered";
    } else if (KMS_DENIED.contains(code) || code.equals("AccessDeniedException")) {
      reason = Reason.ACCESS_DENIED;
    } else if (code.equals("ResourceNotFoundException")) {
      reason = Reason.NOT_FOUND;
      detail = operation + " failed with " + code + ": the key store table does not exist";
    } else if (operation.startsWith("KMS") && e.statusCode() < 500
        && !ErrorClassifier.aws().classify(e).isRetryable()) {
      reason = Reason.ACCESS_DENIED;
    } else {
      reason = Reason.UNAVAILABLE;
    }
    return new BranchKeyException(reason, id, version, detail, e);
  }

  private static String reasons(TransactionCanceledException e) {
    StringBuilder sb = new StringBuilder();
    for (CancellationReason r : e.cancellationReasons()) {
      sb.append(sb.length() == 0 ? "[" : ", ").append(r.code() == null ? "None" : r.code());
    }
    return sb.append(']').toString();
  }

  private static String code(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return code == null ? "HTTP " + e.statusCode() : code;
  }

  private static String describe(Throwable t) {
    if (t instanceof AwsServiceException) {
      return code((AwsServiceException) t);
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
  }
}
