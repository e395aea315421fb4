package dev.cirrus.s3.internal;

import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * Sets and reads SDK model members by their S3 member name ({@code "SSECustomerKey"}), so one list of request
 * options serves every request type that has the member (the SDK's builders share no interface for them).
 */
final class SdkFields {
  private SdkFields() {
  }

  /** Sets each member of {@code values} (member name to value, enums as their wire string) on {@code builder}. */
  static void setAll(SdkPojo builder, Map<String, Object> values) {
    values.forEach((member, value) -> field(builder, member).set(builder, value));
  }

  /** Returns the value of {@code member} of {@code pojo}, or null. */
  static Object get(SdkPojo pojo, String member) {
    return field(pojo, member).getValueOrDefault(pojo);
  }

  /** Copies every member of {@code from} into {@code to}, a builder of the same request type. */
  static void copy(SdkPojo from, SdkPojo to) {
    for (SdkField<?> f : from.sdkFields()) {
      f.set(to, f.getValueOrDefault(from));
    }
  }

  private static SdkField<?> field(SdkPojo pojo, String member) {
    for (SdkField<?> f : pojo.sdkFields()) {
      if (f.memberName().equals(member)) {
        return f;
      }
    }
    // a member missing from a request type is a mistake here, never a reason to drop an option silently
    throw new IllegalStateException(pojo.getClass().getSimpleName() + " has no member " + member);
  }
}
