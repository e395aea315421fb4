package dev.cirrus.s3.internal;

import java.io.IOException;

/** Fills a part buffer on the part's own task (a file part is read there, in parallel with the others). */
interface PartReader {
  void read(PartBuffer buffer) throws IOException;
}
