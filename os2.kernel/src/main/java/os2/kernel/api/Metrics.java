package os2.kernel.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the kernel has counted since this OS2 process started: runs, failures, denials, limits
 * reached, tokens shown and elided, per tool and per session, and the latency of ledger appends.
 */
@ProviderType
public interface Metrics {

	/** For a person: one counter per line, histograms as percentiles. */
	String text();

	/** The Prometheus text exposition format (version 0.0.4). */
	String prometheus();
}
