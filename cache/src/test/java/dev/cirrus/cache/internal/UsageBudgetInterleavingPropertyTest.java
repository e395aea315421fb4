package dev.cirrus.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Deterministic interleavings of {@link UsageBudget}: one test thread plays several threads' parts, each
 * with its own cell, and a seeded schedule decides whose next step runs. A reservation is split where a
 * hit can be overtaken (after its lease and use are counted, before it reads the retired bit), and the
 * retirement follows the rules of {@link Entry} and {@link CacheCore}: the reservation that took the last
 * use or bytes retires, so does a refusal for the uses or the bytes, and now and then an invalidation
 * retires the current budget. A retired budget is replaced by a fresh one, as a reload would.
 *
 * <p>Checked: no budget serves more than its limits; none is destroyed while a lease on it is held, or
 * twice; and every budget retired for its uses or bytes is full: it served exactly maxUses, or exactly
 * maxBytes, or had less room left than a request it refused for the bytes. The schedule that lost a use before the fix (B takes the
 * last use but one from its cell, A takes the last and retires, B reads the bit) also runs on its own.
 */
class UsageBudgetInterleavingPropertyTest {

  private static final long SEED = 0x5c4ed01eL;
  private static final int STEPS = 20_000;

  @Test
  void reserve_randomInterleavingsOfTwoToFourThreads_limitsExactAndNoDestroyWhileLeased() {
    qt().withFixedSeed(SEED)
        .withExamples(300)
        .forAll(
            integers().between(1, 400),
            integers().between(1, 100_000),
            integers().between(2, 4),
            integers().between(0, Integer.MAX_VALUE))
        .checkAssert((maxUses, maxBytes, threads, seed) -> new Simulation(maxUses, maxBytes, threads, seed).run());
  }

  @Test
  void reserve_lastUseTakenFromCellThenAnotherThreadRetiresForUses_keepsItsUseAndLease() {
    Budget budget = new Budget(1 << 20, Long.MAX_VALUE);
    int a = UsageBudget.cellAt(0);
    int b = UsageBudget.cellAt(1);
    reserveAndClose(budget, b); // B's cell gets a chunk
    assertThat(budget.unspentUses(b)).isGreaterThan(2);
    while (budget.uses() + budget.unspentUses(b) < budget.maxUses) {
      reserveAndClose(budget, a); // A spends everything but what B's cell holds
    }
    while (budget.unspentUses(b) > 2) {
      reserveAndClose(budget, b);
    }
    // B counts its lease and takes the last use but one from its cell, then is overtaken:
    assertThat(budget.countLeaseTakingUse(b)).isTrue();
    // A steals the last use from B's cell, finds every cell empty and retires the entry for its uses.
    assertThat(budget.reserve(a, 0)).isEqualTo(UsageBudget.OK);
    assertThat(budget.usesExhausted(a)).isTrue();
    assertThat(budget.setRetired(true)).isTrue();
    budget.release(a);
    assertThat(budget.destroyed).isZero(); // B's lease is counted
    // B reads the retired bit: a retirement its own use helped cause does not refuse it.
    assertThat(budget.reserveAfterLease(b, 0, true)).isEqualTo(UsageBudget.OK);
    assertThat(budget.uses()).isEqualTo(budget.maxUses);
    budget.release(b);
    assertThat(budget.destroyed).isEqualTo(1);
  }

  @Test
  void reserve_useTakenFromCellThenInvalidated_refusedAndDestroyedOnce() {
    Budget budget = new Budget(1 << 20, Long.MAX_VALUE);
    int b = UsageBudget.cellAt(1);
    reserveAndClose(budget, b);
    assertThat(budget.countLeaseTakingUse(b)).isTrue();
    assertThat(budget.setRetired(false)).isTrue(); // e.g. invalidated: may come before B's use
    budget.destroyIfUnused();
    assertThat(budget.reserveAfterLease(b, 0, true)).isEqualTo(UsageBudget.RETIRED);
    assertThat(budget.destroyed).isEqualTo(1);
  }

  private static void reserveAndClose(Budget budget, int c) {
    assertThat(budget.reserve(c, 0)).isEqualTo(UsageBudget.OK);
    budget.release(c);
  }

  /** A budget that counts its destructions and what the simulation served from it. */
  static final class Budget extends UsageBudget {
    int destroyed;
    int held;
    long served;
    long servedBytes;
    long refusedRequest;
    Cause cause;
    String violation;

    Budget(long maxUses, long maxBytes) {
      super(maxUses, maxBytes, maxUses, maxBytes);
    }

    @Override
    void destroyIfUnused() {
      if (openLeases() != 0) {
        return;
      }
      if (held != 0 && violation == null) {
        violation = "destroyed with " + held + " leases held";
      }
      destroyed++;
    }
  }

  /** One seeded run: threads step through reserve, the Entry rules and close, on the current budget. */
  private static final class Simulation {
    private final long maxUses;
    private final long maxBytes;
    private final Random random;
    private final Player[] players;
    /** Cumulative step weights: some threads run far more often than others, as when one is descheduled. */
    private final int[] weights;
    private final List<Budget> budgets = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private Budget current;

    Simulation(long maxUses, long maxBytes, int threads, long seed) {
      this.maxUses = maxUses;
      this.maxBytes = maxBytes;
      this.random = new Random(seed);
      this.players = new Player[threads];
      this.weights = new int[threads];
      for (int t = 0; t < threads; t++) {
        weights[t] = (t == 0 ? 0 : weights[t - 1]) + (1 << (4 * random.nextInt(3)));
        long request = random.nextInt(3) != 0 ? 0 : 1 + random.nextInt((int) Math.min(maxBytes, 300));
        players[t] = new Player(UsageBudget.cellAt(t), request);
      }
      current = fresh();
    }

    private Budget fresh() {
      Budget budget = new Budget(maxUses, maxBytes);
      budgets.add(budget);
      return budget;
    }

    void run() {
      for (int i = 0; i < STEPS; i++) {
        if (random.nextInt(500) == 0) {
          retire(current, Cause.OTHER);
        } else {
          step(players[pick(random.nextInt(weights[weights.length - 1]))]);
        }
      }
      for (Player p : players) { // drain: finish every reservation and close every lease
        while (p.phase != Phase.IDLE) {
          step(p);
        }
      }
      check();
    }

    private int pick(int ticket) {
      int t = 0;
      while (weights[t] <= ticket) {
        t++;
      }
      return t;
    }

    private void step(Player p) {
      switch (p.phase) {
        case IDLE:
          p.budget = current;
          p.used = p.budget.countLeaseTakingUse(p.cell);
          p.phase = Phase.COUNTED;
          break;
        case COUNTED:
          finishReservation(p);
          break;
        default:
          p.budget.held--;
          p.budget.release(p.cell);
          p.phase = Phase.IDLE;
      }
    }

    private void finishReservation(Player p) {
      Budget b = p.budget;
      int result = b.reserveAfterLease(p.cell, p.request, p.used);
      if (result != UsageBudget.OK) {
        p.phase = Phase.IDLE;
        if (result == UsageBudget.USES) {
          retire(b, Cause.USES);
        } else if (result == UsageBudget.BYTES) {
          b.refusedRequest = Math.max(b.refusedRequest, p.request);
          retire(b, Cause.BYTES);
        } else if (current == b) {
          current = fresh(); // retired meanwhile: the retirer unmapped it
        }
        return;
      }
      b.held++;
      b.served++;
      b.servedBytes += p.request;
      if (b.destroyed != 0 || b.served > maxUses || b.servedBytes > maxBytes) {
        violations.add("served " + b.served + " uses, " + b.servedBytes + " bytes, destroyed " + b.destroyed);
      }
      p.phase = Phase.HOLDING;
      if (b.usesExhausted(p.cell)) {
        retire(b, Cause.USES);
      } else if (p.request != 0 && b.bytesExhausted(p.cell)) {
        retire(b, Cause.BYTES);
      }
    }

    private void retire(Budget b, Cause cause) {
      if (b.setRetired(cause == Cause.USES)) {
        b.cause = cause;
        b.destroyIfUnused();
      }
      if (current == b) {
        current = fresh();
      }
    }

    private void check() {
      for (Budget b : budgets) {
        if (b.violation != null) {
          violations.add(b.violation);
        }
        if (b.isRetired() ? b.destroyed != 1 : b.destroyed != 0) {
          violations.add("retired budget destroyed " + b.destroyed + " times");
        }
        boolean full = b.served == maxUses || b.servedBytes == maxBytes || maxBytes - b.servedBytes < b.refusedRequest;
        if ((b.cause == Cause.USES || b.cause == Cause.BYTES) && !full) {
          violations.add("retired for " + b.cause + " after " + b.served + " uses, " + b.servedBytes + " bytes");
        }
      }
      assertThat(violations).as("maxUses=%s maxBytes=%s", maxUses, maxBytes).isEmpty();
    }
  }

  private enum Phase { IDLE, COUNTED, HOLDING }

  private enum Cause { USES, BYTES, OTHER }

  private static final class Player {
    final int cell;
    final long request;
    Phase phase = Phase.IDLE;
    Budget budget;
    boolean used;

    Player(int cell, long request) {
      this.cell = cell;
      this.request = request;
    }
  }
}
