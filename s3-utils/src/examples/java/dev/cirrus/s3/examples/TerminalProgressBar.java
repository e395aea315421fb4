package dev.cirrus.s3.examples;

import dev.cirrus.s3.TransferListener;
import dev.cirrus.s3.TransferProgress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for a terminal, redrawn in place ({@code \r}) on every event:
 * {@code big.bin [###############               ]  50%  16.0 MiB  42.3 MiB/s}. It relies on the listener's order
 * guarantee (a transfer's events arrive one at a time, bytes never decrease, the event that reaches the total
 * comes last and once), so it draws each event as it comes and ends the line at 100 %. For a stream of unknown
 * length it shows the bytes and the rate only. Threadsafe, for one transfer at a time.
 */
public final class TerminalProgressBar implements TransferListener {
  private static final int WIDTH = 30;
  private static final double MIB = 1024 * 1024;

  private final PrintStream terminal;

  /** Draws on {@code terminal}, e.g. {@code System.err}. */
  public TerminalProgressBar(PrintStream terminal) {
    this.terminal = terminal;
  }

  @Override
  public synchronized void onProgress(TransferProgress p) {
    long done = p.bytesTransferred();
    long total = p.totalBytes().orElse(-1);
    StringBuilder line = new StringBuilder("\r").append(p.key()).append(' ');
    if (total >= 0) {
      int percent = total == 0 ? 100 : (int) (100 * done / total);
      int filled = WIDTH * percent / 100;
      line.append('[').append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ")
          .append(String.format(Locale.ROOT, "%3d%%", percent));
    }
    line.append(String.format(Locale.ROOT, " %6.1f MiB %6.1f MiB/s", done / MIB, p.bytesPerSecond() / MIB));
    terminal.print(line);
    if (done == total) {
      terminal.println(); // the last event of this transfer
    }
    terminal.flush();
  }
}
