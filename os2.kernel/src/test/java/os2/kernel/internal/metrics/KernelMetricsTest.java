package os2.kernel.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import os2.kernel.api.ResourceUsage;
import os2.kernel.api.RunResult;

/** The counters, in both formats, from runs of known outcome. */
class KernelMetricsTest {

	@Test
	void countsRunsFailuresLimitsTokensAndDenials() {
		KernelMetrics metrics = new KernelMetrics();
		metrics.runEnded("python", "s-1", new RunResult(0, "", ResourceUsage.NONE, 800, 2000, true), 3_000_000);
		metrics.runEnded("python", "s-1", RunResult.exited(3), 1_000_000);
		metrics.runEnded("python", "s-1", RunResult.stopped("wall-time", ResourceUsage.NONE), 9_000_000_000L);
		metrics.denied("os2.plugins.rogue");
		metrics.ledgerAppend(400_000);

		String text = metrics.text();
		for (String line : List.of("os2_runs_total{tool=\"python\",session=\"s-1\"} 3",
				"os2_runs_failed_total{tool=\"python\",session=\"s-1\"} 1",
				"os2_runs_stopped_total{tool=\"python\",session=\"s-1\",limit=\"wall-time\"} 1",
				"os2_tokens_shown_total{tool=\"python\",session=\"s-1\"} 800",
				"os2_tokens_elided_total{tool=\"python\",session=\"s-1\"} 1200",
				"os2_denials_total{bundle=\"os2.plugins.rogue\"} 1", "os2_ledger_appends_total 1")) {
			assertTrue(text.lines().anyMatch(line::equals), line + " in\n" + text);
		}
		assertTrue(text.contains("os2_ledger_append_seconds count 1, p50 <= 0.5 ms"), text);
	}

	@Test
	void prometheusHistogramsAreCumulativeWithSumAndCount() {
		KernelMetrics metrics = new KernelMetrics();
		metrics.ledgerAppend(400_000); // 0.4 ms: in the first bucket
		metrics.ledgerAppend(3_000_000); // 3 ms: in the 5 ms bucket
		String prometheus = metrics.prometheus();
		assertTrue(prometheus.contains("# TYPE os2_ledger_append_seconds histogram\n"), prometheus);
		assertTrue(prometheus.contains("os2_ledger_append_seconds_bucket{le=\"0.0005\"} 1\n"), prometheus);
		assertTrue(prometheus.contains("os2_ledger_append_seconds_bucket{le=\"0.002\"} 1\n"), prometheus);
		assertTrue(prometheus.contains("os2_ledger_append_seconds_bucket{le=\"0.005\"} 2\n"), prometheus);
		assertTrue(prometheus.contains("os2_ledger_append_seconds_bucket{le=\"+Inf\"} 2\n"), prometheus);
		assertTrue(prometheus.contains("os2_ledger_append_seconds_sum 0.003400\n"), prometheus);
		assertTrue(prometheus.contains("os2_ledger_append_seconds_count 2\n"), prometheus);
		assertTrue(prometheus.contains("# TYPE os2_ledger_appends_total counter\nos2_ledger_appends_total 2\n"), prometheus);
	}

	@Test
	void beforeAnyRunItSaysSo() {
		assertEquals("nothing counted yet: no tool has run in this process", new KernelMetrics().text());
	}
}
