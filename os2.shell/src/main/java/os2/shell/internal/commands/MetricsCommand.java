package os2.shell.internal.commands;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Metrics;
import os2.shell.internal.session.UsageException;

/** {@code metrics}: what the kernel counted in this OS2 process, for a person or for Prometheus. */
@Component(service = MetricsCommand.class, property = {"osgi.command.scope=os2", "osgi.command.function=metrics", "os2.effect.metrics=read-only",
		"os2.usage.metrics=metrics [--prometheus]"})
public final class MetricsCommand {

	private final Metrics metrics;

	@Activate
	public MetricsCommand(@Reference Metrics metrics) {
		this.metrics = metrics;
	}

	@Descriptor("show runs, failures, denials, limits reached, tokens and ledger latency counted in this process")
	public String metrics(@Descriptor("--prometheus for the Prometheus text format") String... format) {
		if (format.length == 0) {
			return metrics.text();
		}
		if (format.length == 1 && format[0].equals("--prometheus")) {
			return metrics.prometheus().stripTrailing();
		}
		throw new UsageException("metrics takes --prometheus or nothing, not " + String.join(" ", format));
	}
}
