package dev.cirrus.retry.sdk;

import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.ErrorClassifier;
import dev.cirrus.retry.ErrorKind;
import dev.cirrus.retry.GiveUpReason;
import dev.cirrus.retry.RetryBudgetExhaustedException;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.retry.internal.AttachedBudgetExhaustion;
import dev.cirrus.retry.internal.Durations;
import dev.cirrus.retry.internal.RetryExecutor;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * An AWS SDK v2 {@link RetryStrategy} that retries as a Cirrus {@link RetryPolicy} says: its classifier,
 * backoffs, max attempts, deadline, listeners, and its shared {@link dev.cirrus.retry.RetryBudget} and
 * {@link AdaptiveRateLimiter}. Plug it into any client:
 *
 * <pre>{@code
 * RetryBudget budget = RetryBudget.create();              // one per service, shared by every client
 * AdaptiveRateLimiter limiter = AdaptiveRateLimiter.create();
 * RetryPolicy policy = RetryPolicy.builder().maxAttempts(8).budget(budget).rateLimiter(limiter).build();
 * DynamoDbClient ddb = DynamoDbClient.builder()
 *     .overrideConfiguration(o -> o.retryStrategy(CirrusRetryStrategy.create(policy)))
 *     .build();
 * }</pre>
 *
 * <p>What the SDK client does with it: it waits the delay this strategy returns before every attempt (the
 * limiter's reservation first, then backoff), and when this strategy refuses a retry it throws the last
 * service exception, unchanged, as it does with its own strategies. When the refusal is the budget's, a
 * {@link dev.cirrus.retry.RetryBudgetExhaustedException} (attempts, failures, budget state) is attached to
 * that exception as a <em>suppressed</em> exception; {@link #budgetExhaustion(Throwable)} finds it (its
 * {@code lastFailure()} is the exception it is attached to, and its {@code getCause()} is null so that the
 * cause/suppressed graph has no cycle). The SDK's
 * own {@code Retry-After} hint ({@code suggestedDelay}) is honoured like the classifier's, within
 * {@link RetryPolicy#maxRetryAfter()}.
 *
 * <p>Rate limiting per resource: the SDK does not tell a retry strategy which resource a request targets, so
 * by default every request is limited under {@link Builder#rateLimiterKey(String) rateLimiterKey}. For one
 * send rate per table, KMS key or bucket, build the strategy with
 * {@code .resourceKeys(CirrusRetryStrategy.awsResourceKeys())} and install it with
 * {@code clientBuilder.overrideConfiguration(strategy::applyTo)}, which also registers the interceptor that
 * reads each request's key.
 *
 * <p>Idempotency: a policy built with {@code idempotent(false)} makes every request of the client retry only
 * failures that cannot have executed (throttles, connection refused, connect timeouts); for one client that
 * sends both kinds, say which requests may be sent twice with {@link Builder#idempotentRequests(Predicate)},
 * installed with {@code applyTo} like the resource keys.
 *
 * <p>{@link #useClientDefaults()} is false: the SDK does not add its own retry conditions, so the Cirrus
 * classifier alone decides. This class is immutable and thread-safe; share it between clients to share
 * the budget and limiter.
 */
public final class CirrusRetryStrategy implements RetryStrategy {
  private static final int MAX_CAUSE_DEPTH = 16;
  /** The pending entry an execution left on its thread, so that its failure clears that entry and no other. */
  private static final ExecutionAttribute<Object> PENDING =
      new ExecutionAttribute<>("dev.cirrus.retry.sdk.CirrusRetryStrategy.pending");

  private final RetryPolicy policy;
  private final String rateLimiterKey;
  private final Function<? super SdkRequest, String> resourceKeys;
  private final Predicate<? super SdkRequest> idempotentRequests;
  /**
   * What the interceptor learnt of the request about to start on this thread, set by
   * {@link #resourceKeyInterceptor()} (in {@code modifyHttpRequest}) and taken (read and cleared) by
   * {@link #acquireInitialToken}: the SDK runs both on the calling thread, before any I/O, for sync and async
   * clients alike. Per strategy, so strategies never see each other's requests.
   */
  private final ThreadLocal<Pending> pending = new ThreadLocal<>();

  private CirrusRetryStrategy(RetryPolicy policy, String rateLimiterKey,
      Function<? super SdkRequest, String> resourceKeys, Predicate<? super SdkRequest> idempotentRequests) {
    this.policy = policy;
    this.rateLimiterKey = rateLimiterKey;
    this.resourceKeys = resourceKeys;
    this.idempotentRequests = idempotentRequests;
  }

  /**
   * Returns a strategy for {@code policy}, rate-limited under {@link AdaptiveRateLimiter#DEFAULT_KEY}.
   *
   * @param policy the policy to apply
   * @return a strategy for {@code policy}, rate-limited under {@link AdaptiveRateLimiter#DEFAULT_KEY}
   * @throws NullPointerException if {@code policy} is null
   */
  public static CirrusRetryStrategy create(RetryPolicy policy) {
    return new CirrusRetryStrategy(Objects.requireNonNull(policy, "policy"), AdaptiveRateLimiter.DEFAULT_KEY, null,
        null);
  }

  /**
   * Returns a builder starting from {@link RetryPolicy#defaults()}.
   *
   * @return a builder starting from {@link RetryPolicy#defaults()}
   */
  public static Builder builder() {
    return new Builder(RetryPolicy.defaults().toBuilder(), AdaptiveRateLimiter.DEFAULT_KEY, null, null);
  }

  /**
   * Returns the policy this strategy applies.
   *
   * @return the policy this strategy applies
   */
  public RetryPolicy policy() {
    return policy;
  }

  /**
   * Returns the rate limiter key.
   *
   * @return the rate limiter key
   */
  public String rateLimiterKey() {
    return rateLimiterKey;
  }

  /**
   * Returns the {@link dev.cirrus.retry.RetryBudgetExhaustedException} that an SDK client's failure carries
   * when this strategy refused a retry for lack of budget, or {@code null}.
   *
   * @param failure the exception an SDK client threw
   * @return the budget exhaustion, or {@code null}
   * @throws NullPointerException if {@code failure} is null
   */
  public static dev.cirrus.retry.RetryBudgetExhaustedException budgetExhaustion(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    // Bounded: a cause chain can be cyclic (initCause allows A -> B -> A).
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_CAUSE_DEPTH; t = t.getCause(), depth++) {
      for (Throwable s : t.getSuppressed()) {
        if (s instanceof dev.cirrus.retry.RetryBudgetExhaustedException) {
          return (dev.cirrus.retry.RetryBudgetExhaustedException) s;
        }
      }
      if (t instanceof dev.cirrus.retry.RetryBudgetExhaustedException) {
        return (dev.cirrus.retry.RetryBudgetExhaustedException) t;
      }
    }
    return null;
  }

  /**
   * Returns the standard AWS resource key of a request: {@code "TableName=<table>"} (DynamoDB),
   * {@code "KeyId=<key>"} (KMS), {@code "Bucket=<bucket>"} (S3), the first of these fields the request has;
   * {@code null} (use {@link #rateLimiterKey()}) for requests without one, such as {@code BatchWriteItem}.
   *
   * @return the key function
   */
  public static Function<SdkRequest, String> awsResourceKeys() {
    return request -> {
      for (String field : new String[] {"TableName", "KeyId", "Bucket"}) {
        java.util.Optional<String> value = request.getValueForField(field, String.class);
        if (value.isPresent()) {
          return field + "=" + value.get();
        }
      }
      return null;
    };
  }

  /**
   * Returns the interceptor that tells this strategy which resource each request targets, so the policy's
   * limiter paces each table, key or bucket separately, and whether the request is idempotent. Register it on
   * the same client as the strategy, most simply with {@link #applyTo(ClientOverrideConfiguration.Builder)}.
   * Without {@link Builder#resourceKeys(Function)} and {@link Builder#idempotentRequests(Predicate)} it does
   * nothing.
   *
   * @return the interceptor
   */
  public ExecutionInterceptor resourceKeyInterceptor() {
    return new ExecutionInterceptor() {
      /** A request that starts here drops whatever an earlier one may have left on this thread. */
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
        pending.remove();
      }

      /**
       * The last hook before the SDK's request pipeline, whose retry stage calls {@link #acquireInitialToken}:
       * the later the entry is set, the fewer failures can come between (the SDK does not report a failure in
       * an interceptor or in marshalling to {@code onExecutionFailure}).
       */
      @Override
      public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
          ExecutionAttributes executionAttributes) {
        if (resourceKeys != null || idempotentRequests != null) {
          SdkRequest request = context.request();
          Pending next = new Pending(resourceKeys == null ? null : resourceKeys.apply(request),
              idempotentRequests == null || idempotentRequests.test(request));
          pending.set(next);
          executionAttributes.putAttribute(PENDING, next);
        }
        return context.httpRequest();
      }

      /**
       * A request that fails in the pipeline before its retry stage never reaches {@link #acquireInitialToken}:
       * its entry must not be left for the next request on this thread, which may come from a client without
       * this interceptor. Only this execution's own entry is cleared; on another thread (an async completion)
       * the entry is not this execution's and stays.
       */
      @Override
      public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes executionAttributes) {
        Object mine = executionAttributes.getAttribute(PENDING);
        if (mine != null && pending.get() == mine) {
          pending.remove();
        }
      }
    };
  }

  /**
   * Installs this strategy and its {@link #resourceKeyInterceptor()} on a client's configuration:
   * {@code builder.overrideConfiguration(strategy::applyTo)}.
   *
   * @param configuration a client's override configuration builder
   * @return {@code configuration}
   * @throws NullPointerException if {@code configuration} is null
   */
  public ClientOverrideConfiguration.Builder applyTo(ClientOverrideConfiguration.Builder configuration) {
    Objects.requireNonNull(configuration, "configuration");
    return configuration.retryStrategy(this).addExecutionInterceptor(resourceKeyInterceptor());
  }

  @Override
  public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
    Pending next = pending.get();
    if (next != null) {
      pending.remove();
    }
    String key = next != null && next.key != null ? next.key : rateLimiterKey;
    // With a predicate, a request the interceptor never saw is not known to be idempotent: it is not.
    boolean idempotent = policy.idempotent() && (idempotentRequests == null || next != null && next.idempotent);
    Token token = new Token(new RetryExecutor(policy, key, idempotent));
    long wait = token.executor.firstWaitNanos();
    token.executor.attemptStarting();
    return AcquireInitialTokenResponse.create(token, Duration.ofNanos(wait));
  }

  @Override
  public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
    Token token = token(request.token());
    Throwable failure = request.failure();
    RetryExecutor.Decision next = token.executor.onFailure(failure, request.suggestedDelay());
    if (next.givesUp()) {
      GiveUpReason reason = next.reason();
      Throwable report = token.executor.giveUpException(true);
      if (reason == GiveUpReason.BUDGET_EXHAUSTED && report instanceof RetryBudgetExhaustedException) {
        failure.addSuppressed(new AttachedBudgetExhaustion((RetryBudgetExhaustedException) report));
      }
      throw new TokenAcquisitionFailedException("Cirrus retry policy gave up after " + token.executor.attempts()
          + " attempts (" + reason + ")", token, report);
    }
    token.executor.attemptStarting();
    return RefreshRetryTokenResponse.create(token, Duration.ofNanos(next.delayNanos()));
  }

  @Override
  public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
    Token token = token(request.token());
    token.executor.onSuccess();
    return RecordSuccessResponse.create(token);
  }

  private static Token token(RetryToken token) {
    Objects.requireNonNull(token, "token");
    if (!(token instanceof Token)) {
      throw new IllegalArgumentException("token must come from a CirrusRetryStrategy, was "
          + token.getClass().getName());
    }
    return (Token) token;
  }

  @Override
  public int maxAttempts() {
    return policy.maxAttempts();
  }

  @Override
  public boolean useClientDefaults() {
    return false;
  }

  @Override
  public Builder toBuilder() {
    return new Builder(policy.toBuilder(), rateLimiterKey, resourceKeys, idempotentRequests);
  }

  @Override
  public String toString() {
    return "CirrusRetryStrategy{rateLimiterKey=" + rateLimiterKey + ", policy=" + policy + "}";
  }

  /** What the interceptor found out about a request: its limiter key (or null) and whether it is idempotent. */
  private record Pending(String key, boolean idempotent) {
  }

  /** The per-call token: the call's retry executor. Used by one SDK request at a time. */
  private static final class Token implements RetryToken {
    final RetryExecutor executor;

    Token(RetryExecutor executor) {
      this.executor = executor;
    }
  }

  /**
   * Builds a {@link CirrusRetryStrategy}; implements the SDK's builder so SDK code that customises a strategy
   * ({@code toBuilder().maxAttempts(..)}) keeps working. SDK predicates are layered over the policy's
   * classifier: {@code treatAsThrottling} matches become throttles, {@code retryOnException} matches become
   * transient. Not thread-safe; {@link #build()} copies.
   */
  public static final class Builder implements RetryStrategy.Builder<Builder, CirrusRetryStrategy> {
    private RetryPolicy.Builder policy;
    private String rateLimiterKey;
    private ErrorClassifier classifier;
    private Function<? super SdkRequest, String> resourceKeys;
    private Predicate<? super SdkRequest> idempotentRequests;

    private Builder(RetryPolicy.Builder policy, String rateLimiterKey,
        Function<? super SdkRequest, String> resourceKeys, Predicate<? super SdkRequest> idempotentRequests) {
      this.policy = policy;
      this.rateLimiterKey = rateLimiterKey;
      this.classifier = policy.build().classifier();
      this.resourceKeys = resourceKeys;
      this.idempotentRequests = idempotentRequests;
    }

    /**
     * Sets which requests may safely be sent twice. A request it rejects (say an {@code UpdateItemRequest} whose
     * update expression has {@code ADD}) is retried only after a failure that cannot have executed, as with
     * {@link RetryPolicy.Builder#idempotent(boolean) idempotent(false)}. Takes effect only with the strategy's
     * {@link CirrusRetryStrategy#resourceKeyInterceptor()} registered on the client
     * ({@link CirrusRetryStrategy#applyTo(ClientOverrideConfiguration.Builder)}); a request the interceptor
     * did not see is then treated as not idempotent. A policy that is not idempotent stays so for every request.
     * By default none: every request is as idempotent as the policy says.
     *
     * @param idempotentRequests true for requests that may be sent twice
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder idempotentRequests(Predicate<? super SdkRequest> idempotentRequests) {
      this.idempotentRequests = Objects.requireNonNull(idempotentRequests, "idempotentRequests");
      return this;
    }

    /**
     * Sets how to find each request's resource key (e.g. {@link #awsResourceKeys()}); a {@code null} key
     * falls back to {@link #rateLimiterKey(String)}. Takes effect only with the strategy's
     * {@link #resourceKeyInterceptor()} registered on the client. By default none.
     *
     * @param resourceKeys maps a request to its key, or {@code null}
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder resourceKeys(Function<? super SdkRequest, String> resourceKeys) {
      this.resourceKeys = Objects.requireNonNull(resourceKeys, "resourceKeys");
      return this;
    }

    /**
     * Replaces every setting with {@code policy}'s.
     *
     * @param policy the policy to apply
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder policy(RetryPolicy policy) {
      Objects.requireNonNull(policy, "policy");
      this.policy = policy.toBuilder();
      this.classifier = policy.classifier();
      return this;
    }

    /**
     * Sets the key under which the policy's rate limiter limits this strategy's requests. By default
     * {@link AdaptiveRateLimiter#DEFAULT_KEY}.
     *
     * @param key the key
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder rateLimiterKey(String key) {
      this.rateLimiterKey = Objects.requireNonNull(key, "rateLimiterKey");
      return this;
    }

    /**
     * Also retries failures that {@code shouldRetry} matches, as transient errors. Only failures the classifier
     * would not retry are affected: a throttle stays a throttle (its backoff, its budget cost, the limiter
     * signal), as with the SDK's own strategies, where this predicate adds retry conditions.
     *
     * @param shouldRetry matches failures to retry
     * @return this builder
     * @throws NullPointerException if {@code shouldRetry} is null
     */
    @Override
    public Builder retryOnException(Predicate<Throwable> shouldRetry) {
      Objects.requireNonNull(shouldRetry, "shouldRetry");
      ErrorClassifier base = classifier;
      classifier = new ErrorClassifier() {
        @Override
        public ErrorKind classify(Throwable failure) {
          ErrorKind kind = base.classify(failure);
          return kind == ErrorKind.NOT_RETRYABLE && shouldRetry.test(failure) ? ErrorKind.TRANSIENT : kind;
        }

        @Override
        public java.util.Optional<Duration> retryAfter(Throwable failure) {
          return base.retryAfter(failure);
        }

        @Override
        public boolean cannotHaveExecuted(Throwable failure) {
          return base.cannotHaveExecuted(failure);
        }
      };
      return this;
    }

    @Override
    public Builder treatAsThrottling(Predicate<Throwable> treatAsThrottling) {
      Objects.requireNonNull(treatAsThrottling, "treatAsThrottling");
      classifier = classifier.withOverride(t -> treatAsThrottling.test(t) ? ErrorKind.THROTTLING : null);
      return this;
    }

    /**
     * Sets the maximum number of attempts.
     *
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    @Override
    public Builder maxAttempts(int maxAttempts) {
      policy.maxAttempts(maxAttempts);
      return this;
    }

    /** Uses an SDK backoff for transient errors (it sees only the attempt number). */
    @Override
    public Builder backoffStrategy(BackoffStrategy backoffStrategy) {
      policy.transientBackoff(adapt(backoffStrategy));
      return this;
    }

    /** Uses an SDK backoff for throttles (it sees only the attempt number). */
    @Override
    public Builder throttlingBackoffStrategy(BackoffStrategy backoffStrategy) {
      policy.throttlingBackoff(adapt(backoffStrategy));
      return this;
    }

    private static Backoff adapt(BackoffStrategy sdk) {
      Objects.requireNonNull(sdk, "backoffStrategy");
      return (attempt, previous, random) -> Durations.toNanosSaturated(sdk.computeDelay(attempt));
    }

    @Override
    public CirrusRetryStrategy build() {
      return new CirrusRetryStrategy(policy.classifier(classifier).build(), rateLimiterKey, resourceKeys,
          idempotentRequests);
    }
  }
}
