package os2.kernel.internal.metrics;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.Component;

import os2.kernel.api.Metrics;
import os2.kernel.api.RunResult;

/**
 * The kernel's counters. Runs report when they end, grant decisions when they deny, the ledger
 * writers after each append; {@code metrics} reads them. Labels are tool and session for runs,
 * bundle for denials: few enough values that every series can be kept, and none needs escaping
 * in the Prometheus format (tool names, session ids and bundle names have no quotes or backslashes).
 */
@Component(service = {Metrics.class, KernelMetrics.class})
public final class KernelMetrics implements Metrics {

	private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
	private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();

	/** A run of {@code tool} in {@code session} ended with {@code result}, taking {@code nanos}. */
	public void runEnded(String tool, String session, RunResult result, long nanos) {
		String labels = "tool=\"" + tool + "\",session=\"" + session + "\"";
		add("os2_runs_total{" + labels + "}", 1);
		if (result.stoppedByLimit()) {
			add("os2_runs_stopped_total{" + labels + ",limit=\"" + result.endedBy() + "\"}", 1);
		} else if (result.exitStatus() != 0) {
			add("os2_runs_failed_total{" + labels + "}", 1);
		}
		add("os2_tokens_shown_total{" + labels + "}", result.tokensShown());
		add("os2_tokens_elided_total{" + labels + "}", Math.max(0, result.tokensTotal() - result.tokensShown()));
		histogram("os2_run_seconds{tool=\"" + tool + "\"}").record(nanos);
	}

	public void denied(String bundle) {
		add("os2_denials_total{bundle=\"" + bundle + "\"}", 1);
	}

	public void ledgerAppend(long nanos) {
		add("os2_ledger_appends_total", 1);
		histogram("os2_ledger_append_seconds").record(nanos);
	}

	private void add(String series, long amount) {
		counters.computeIfAbsent(series, s -> new LongAdder()).add(amount);
	}

	private Histogram histogram(String series) {
		return histograms.computeIfAbsent(series, s -> new Histogram());
	}

	@Override
	public String text() {
		StringBuilder out = new StringBuilder();
		new TreeMap<>(counters).forEach((series, value) -> out.append(series).append(' ').append(value.sum()).append('\n'));
		new TreeMap<>(histograms).forEach((series, histogram) -> out.append(String.format(Locale.ROOT,
				"%s count %d, p50 <= %s, p99 <= %s, mean %.3f ms%n", series, histogram.count(), seconds(histogram.quantile(0.5)),
				seconds(histogram.quantile(0.99)), histogram.count() == 0 ? 0 : histogram.sumSeconds() * 1000 / histogram.count())));
		return out.isEmpty() ? "nothing counted yet: no tool has run in this process" : out.toString().stripTrailing();
	}

	@Override
	public String prometheus() {
		StringBuilder out = new StringBuilder();
		Map<String, TreeMap<String, Long>> byName = new TreeMap<>();
		counters.forEach((series, value) -> byName.computeIfAbsent(name(series), n -> new TreeMap<>()).put(series, value.sum()));
		byName.forEach((name, series) -> {
			out.append("# TYPE ").append(name).append(" counter\n");
			series.forEach((s, v) -> out.append(s).append(' ').append(v).append('\n'));
		});
		Map<String, TreeMap<String, Histogram>> histogramsByName = new TreeMap<>();
		histograms.forEach((series, h) -> histogramsByName.computeIfAbsent(name(series), n -> new TreeMap<>()).put(series, h));
		histogramsByName.forEach((name, series) -> {
			out.append("# TYPE ").append(name).append(" histogram\n");
			series.forEach((s, h) -> {
				String labels = s.contains("{") ? s.substring(s.indexOf('{') + 1, s.length() - 1) : "";
				String comma = labels.isEmpty() ? "" : labels + ",";
				for (int i = 0; i < Histogram.BOUNDS.length; i++) {
					out.append(name).append("_bucket{").append(comma).append("le=\"").append(BigDecimal.valueOf(Histogram.BOUNDS[i]).stripTrailingZeros().toPlainString()).append("\"} ")
							.append(h.cumulative(i)).append('\n');
				}
				out.append(name).append("_bucket{").append(comma).append("le=\"+Inf\"} ").append(h.count()).append('\n');
				String suffix = labels.isEmpty() ? "" : "{" + labels + "}";
				out.append(name).append("_sum").append(suffix).append(' ').append(String.format(Locale.ROOT, "%.6f", h.sumSeconds()))
						.append('\n');
				out.append(name).append("_count").append(suffix).append(' ').append(h.count()).append('\n');
			});
		});
		return out.toString();
	}

	private static String name(String series) {
		int brace = series.indexOf('{');
		return brace < 0 ? series : series.substring(0, brace);
	}

	private static String seconds(double value) {
		return Double.isInfinite(value) ? "+Inf" : value < 1 ? String.format(Locale.ROOT, "%.1f ms", value * 1000)
				: String.format(Locale.ROOT, "%.0f s", value);
	}
}
