package dev.cirrus.dynamo;

import java.time.LocalDate;
import java.util.Objects;

/**
 * DynamoDB throughput prices used by {@link CapacityPlanner} for monthly cost estimates.
 *
 * <p>{@link #usEast1()} holds the list prices for US East (N. Virginia), Standard table class, as published on
 * https://aws.amazon.com/dynamodb/pricing/provisioned/ and https://aws.amazon.com/dynamodb/pricing/on-demand/
 * and valid from {@link #effectiveDate()} 2024-11-01 (the on-demand price reduction): provisioned $0.00065 per
 * WCU-hour and $0.00013 per RCU-hour, on-demand $0.625 per million write request units and $0.125 per million
 * read request units, 730 hours per month. Prices change and differ by region and table class: callers MUST
 * override them ({@link #toBuilder()}) for anything but a rough estimate. Free tier, reserved capacity, storage,
 * backups, streams and data transfer are not included.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PriceTable {
  private static final PriceTable US_EAST_1 = builder()
      .region("us-east-1").effectiveDate(LocalDate.of(2024, 11, 1))
      .wcuHourUsd(0.00065).rcuHourUsd(0.00013)
      .perMillionWriteRequestUnitsUsd(0.625).perMillionReadRequestUnitsUsd(0.125)
      .hoursPerMonth(730).build();

  private final String region;
  private final LocalDate effectiveDate;
  private final double wcuHourUsd;
  private final double rcuHourUsd;
  private final double perMillionWriteRequestUnitsUsd;
  private final double perMillionReadRequestUnitsUsd;
  private final double hoursPerMonth;

  private PriceTable(Builder b) {
    region = b.region;
    effectiveDate = b.effectiveDate;
    wcuHourUsd = b.wcuHourUsd;
    rcuHourUsd = b.rcuHourUsd;
    perMillionWriteRequestUnitsUsd = b.perMillionWriteRequestUnitsUsd;
    perMillionReadRequestUnitsUsd = b.perMillionReadRequestUnitsUsd;
    hoursPerMonth = b.hoursPerMonth;
  }

  /** {@return the dated us-east-1 list prices described above} */
  public static PriceTable usEast1() {
    return US_EAST_1;
  }

  /**
   * A builder with every price unset; all must be set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder initialised from this table, to override some prices.
   *
   * @return a builder holding this object's settings
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.region = region;
    b.effectiveDate = effectiveDate;
    b.wcuHourUsd = wcuHourUsd;
    b.rcuHourUsd = rcuHourUsd;
    b.perMillionWriteRequestUnitsUsd = perMillionWriteRequestUnitsUsd;
    b.perMillionReadRequestUnitsUsd = perMillionReadRequestUnitsUsd;
    b.hoursPerMonth = hoursPerMonth;
    return b;
  }

  /** {@return the region these prices are for} */
  public String region() {
    return region;
  }

  /** {@return the date from which these prices were valid} */
  public LocalDate effectiveDate() {
    return effectiveDate;
  }

  /** {@return USD per provisioned write capacity unit per hour} */
  public double wcuHourUsd() {
    return wcuHourUsd;
  }

  /** {@return USD per provisioned read capacity unit per hour} */
  public double rcuHourUsd() {
    return rcuHourUsd;
  }

  /** {@return USD per million on-demand write request units} */
  public double perMillionWriteRequestUnitsUsd() {
    return perMillionWriteRequestUnitsUsd;
  }

  /** {@return USD per million on-demand read request units} */
  public double perMillionReadRequestUnitsUsd() {
    return perMillionReadRequestUnitsUsd;
  }

  /** {@return hours in a billing month; 730 by default} */
  public double hoursPerMonth() {
    return hoursPerMonth;
  }

  @Override
  public String toString() {
    return "PriceTable[" + region + " from " + effectiveDate + ": WCU-h $" + wcuHourUsd + ", RCU-h $" + rcuHourUsd
        + ", WRU/M $" + perMillionWriteRequestUnitsUsd + ", RRU/M $" + perMillionReadRequestUnitsUsd + "]";
  }

  /** Builds {@link PriceTable}s. Not thread-safe; {@link #build()} copies the state. */
  public static final class Builder {
    private String region;
    private LocalDate effectiveDate;
    private double wcuHourUsd = Double.NaN;
    private double rcuHourUsd = Double.NaN;
    private double perMillionWriteRequestUnitsUsd = Double.NaN;
    private double perMillionReadRequestUnitsUsd = Double.NaN;
    private double hoursPerMonth = 730;

    private Builder() {
    }

    /**
     * The region name (required).
     *
     * @param region the region name (required)
     * @return this builder
     */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * The date the prices were valid from (required).
     *
     * @param date the date the prices were valid from (required)
     * @return this builder
     */
    public Builder effectiveDate(LocalDate date) {
      this.effectiveDate = Objects.requireNonNull(date, "effectiveDate");
      return this;
    }

    /**
     * Sets the USD per provisioned write capacity unit per hour (required).
     *
     * @param usd the price in USD, finite and at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     */
    public Builder wcuHourUsd(double usd) {
      this.wcuHourUsd = price("wcuHourUsd", usd);
      return this;
    }

    /**
     * Sets the USD per provisioned read capacity unit per hour (required).
     *
     * @param usd the price in USD, finite and at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     */
    public Builder rcuHourUsd(double usd) {
      this.rcuHourUsd = price("rcuHourUsd", usd);
      return this;
    }

    /**
     * Sets the USD per million on-demand write request units (required).
     *
     * @param usd the price in USD, finite and at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     */
    public Builder perMillionWriteRequestUnitsUsd(double usd) {
      this.perMillionWriteRequestUnitsUsd = price("perMillionWriteRequestUnitsUsd", usd);
      return this;
    }

    /**
     * Sets the USD per million on-demand read request units (required).
     *
     * @param usd the price in USD, finite and at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     */
    public Builder perMillionReadRequestUnitsUsd(double usd) {
      this.perMillionReadRequestUnitsUsd = price("perMillionReadRequestUnitsUsd", usd);
      return this;
    }

    /**
     * Hours per billing month; by default 730.
     *
     * @param hours hours per billing month; by default 730
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 744
     */
    public Builder hoursPerMonth(double hours) {
      if (!(hours >= 1 && hours <= 744)) {
        throw new IllegalArgumentException("hoursPerMonth must be between 1 and 744, was " + hours);
      }
      this.hoursPerMonth = hours;
      return this;
    }

    private static double price(String name, double usd) {
      if (!(usd >= 0) || Double.isInfinite(usd)) {
        throw new IllegalArgumentException(name + " must be finite and >= 0, was " + usd);
      }
      return usd;
    }

    /**
     * Builds the table.
     *
     * @return a new {@link PriceTable}
     * @throws IllegalStateException if a price, the region or the date is unset
     */
    public PriceTable build() {
      if (region == null || effectiveDate == null || Double.isNaN(wcuHourUsd) || Double.isNaN(rcuHourUsd)
          || Double.isNaN(perMillionWriteRequestUnitsUsd) || Double.isNaN(perMillionReadRequestUnitsUsd)) {
        throw new IllegalStateException("region, effectiveDate and all four prices must be set");
      }
      return new PriceTable(this);
    }
  }
}
