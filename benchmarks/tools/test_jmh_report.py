"""Tests for jmh_report.py: python3 -m unittest discover -s benchmarks/tools (run by BenchToolsTest)."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jmh_report  # noqa: E402


def run(benchmark, params, score, unit="ops/ms", mode="thrpt", raw=None):
    return {"benchmark": benchmark, "mode": mode, "threads": 1, "params": params,
            "primaryMetric": {"score": score, "scoreUnit": unit, "rawData": [raw or [score]]},
            "secondaryMetrics": {}}


CRYPTO = "dev.cirrus.benchmarks.crypto.EnvelopeEncryptionBenchmark.decrypt"


class RatioTest(unittest.TestCase):

    def table(self, runs, ratios_only=False):
        return jmh_report.markdown(jmh_report.group(runs), ratios_only=ratios_only)

    def test_ratio_throughput_isCirrusOverOther(self):
        out = self.table([run(CRYPTO, {"impl": "cirrus", "sizeBytes": "100"}, 120.0),
                          run(CRYPTO, {"impl": "esdk", "sizeBytes": "100"}, 40.0)])
        self.assertIn("| EnvelopeEncryptionBenchmark.decrypt sizeBytes=100 | ops/ms | 120.0 | 40.0 | 3.00x |", out)

    def test_ratio_timePerOp_isOtherOverCirrus(self):
        b = "dev.cirrus.benchmarks.dynamo.BatchWriterBenchmark.write"
        out = self.table([run(b, {"impl": "cirrus"}, 300.0, "us/op", "avgt"),
                          run(b, {"impl": "handLoop"}, 150.0, "us/op", "avgt")])
        self.assertIn("| 300.0 | 150.0 | 0.50x |", out)

    def test_median_ofAllIterations_isUsed(self):
        out = self.table([run(CRYPTO, {"impl": "cirrus", "sizeBytes": "1"}, 99.0, raw=[10.0, 20.0, 90.0]),
                          run(CRYPTO, {"impl": "esdk", "sizeBytes": "1"}, 10.0)])
        self.assertIn("| 20.0 | 10.0 | 2.00x |", out)

    def test_floorSlowerThanCirrus_isNotComparableWithNote(self):
        runs = [run(CRYPTO, {"impl": "cirrus", "sizeBytes": "1048576"}, 2.0),
                run(CRYPTO, {"impl": "jdk", "sizeBytes": "1048576"}, 0.0434),
                run(CRYPTO, {"impl": "jdkFramed", "sizeBytes": "1048576"}, 1.6)]
        out = self.table(runs)
        self.assertIn("| n/c (46.08x) | 1.25x |", out)
        self.assertNotIn("| 46.08x", out)
        self.assertIn("n/c: the floor measured slower than Cirrus", out)

    def test_competitorNotAFloor_largeWinIsShown(self):
        out = self.table([run(CRYPTO, {"impl": "cirrus", "sizeBytes": "1"}, 50.0),
                          run(CRYPTO, {"impl": "esdk", "sizeBytes": "1"}, 1.0)])
        self.assertIn("| 50.00x |", out)
        self.assertNotIn("n/c", out)

    def test_ratiosOnly_dropsBenchmarksWithoutCirrusAndAllocation(self):
        backoff = "dev.cirrus.benchmarks.retry.BackoffBenchmark.next"
        with_alloc = run(CRYPTO, {"impl": "cirrus", "sizeBytes": "1"}, 5.0)
        with_alloc["secondaryMetrics"] = {"\u00b7gc.alloc.rate.norm": {"score": 24.0, "scoreUnit": "B/op"}}
        runs = [with_alloc, run(CRYPTO, {"impl": "esdk", "sizeBytes": "1"}, 1.0),
                run(backoff, {"kind": "fullJitter"}, 7.0, "ns/op", "avgt")]
        out = self.table(runs, ratios_only=True)
        self.assertIn("### EnvelopeEncryptionBenchmark", out)
        self.assertNotIn("BackoffBenchmark", out)
        self.assertNotIn("B/op", out)
        self.assertIn("B/op", self.table(runs))

    def test_ratiosOnly_noCirrusAnywhere_saysSo(self):
        out = self.table([run("dev.cirrus.benchmarks.retry.BackoffBenchmark.next", {}, 7.0, "ns/op")], True)
        self.assertIn("(no benchmark in these results has a Cirrus competitor)", out)

    def test_main_ratiosFlag_printsTableFromFile(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "r.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump([run(CRYPTO, {"impl": "cirrus", "sizeBytes": "1"}, 4.0),
                           run(CRYPTO, {"impl": "esdk", "sizeBytes": "1"}, 2.0)], f)
            script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jmh_report.py")
            out = subprocess.run([sys.executable, script, "--ratios", path], check=True,
                                 capture_output=True, text=True).stdout
        self.assertIn("| 4 | 2 | 2.00x |", out)


GCM = "dev.cirrus.benchmarks.crypto.AesGcmBaselineBenchmark.encrypt"


class ReferenceTest(unittest.TestCase):

    def gcm_runs(self):
        return [run(GCM, {"frameBytes": "4096", "provider": "jdk"}, 3.0),
                run(GCM, {"frameBytes": "1048576", "provider": "jdk"}, 4.0),
                run(GCM, {"frameBytes": "4096", "provider": "accp"}, 4.5),
                run(GCM, {"frameBytes": "1048576", "provider": "accp"}, 9.0)]

    def test_reference_throughput_isAgainstFastestOneCallAndSameProviderOneCall(self):
        out = jmh_report.reference_markdown(self.gcm_runs())
        self.assertIn("| AesGcmBaselineBenchmark.encrypt frameBytes=4096, provider=jdk | ops/ms | 3 | 0.33x | 0.75x |", out)
        self.assertIn("| AesGcmBaselineBenchmark.encrypt frameBytes=1048576, provider=jdk | ops/ms | 4 | 0.44x | 1.00x |", out)
        self.assertIn("| AesGcmBaselineBenchmark.encrypt frameBytes=4096, provider=accp | ops/ms | 4.5 | 0.50x | 0.50x |", out)
        self.assertIn("| AesGcmBaselineBenchmark.encrypt frameBytes=1048576, provider=accp | ops/ms | 9 | 1.00x | 1.00x |", out)

    def test_reference_timePerOp_isReferenceOverRow(self):
        runs = [run(GCM, {"frameBytes": "4096", "provider": "jdk"}, 2.0, "ms/op", "avgt"),
                run(GCM, {"frameBytes": "1048576", "provider": "jdk"}, 1.0, "ms/op", "avgt")]
        self.assertIn("| ms/op | 2 | 0.50x | 0.50x |", jmh_report.reference_markdown(runs))

    def test_reference_noReferenceRow_leavesRatiosEmpty(self):
        out = jmh_report.reference_markdown([run(GCM, {"frameBytes": "4096", "provider": "jdk"}, 3.0)])
        self.assertIn("| AesGcmBaselineBenchmark.encrypt frameBytes=4096, provider=jdk | ops/ms | 3 |  |  |", out)

    def test_reference_classNotListed_printsNothing(self):
        self.assertEqual("", jmh_report.reference_markdown([run("dev.cirrus.benchmarks.retry.BackoffBenchmark.next", {}, 7.0)]))

    def test_main_ratiosOnlyReferenceBenchmark_printsItsTableAndNoNoCirrusNote(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "r.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(self.gcm_runs(), f)
            script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jmh_report.py")
            out = subprocess.run([sys.executable, script, "--ratios", path], check=True,
                                 capture_output=True, text=True).stdout
        self.assertIn("### AesGcmBaselineBenchmark (each row against the frameBytes=1048576 rows of its method)", out)
        self.assertNotIn("no benchmark in these results has a Cirrus competitor", out)
        self.assertNotIn("cirrus vs", out)


if __name__ == "__main__":
    unittest.main()
