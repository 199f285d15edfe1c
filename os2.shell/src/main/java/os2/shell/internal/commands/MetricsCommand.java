package os2.shell.internal.commands;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.Metrics;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;

/** {@code metrics}: what the kernel counted in this OS2 process, for a person or for Prometheus. */
@Component(service = Os2Command.class)
public final class MetricsCommand implements Os2Command {

	private static final CommandSpec SPEC = CommandSpec.of("metrics",
			"show runs, failures, denials, limits reached, tokens and ledger latency counted in this process",
			CommandSpec.Form.of().with(CommandSpec.Option.flag("--prometheus", "the Prometheus text format")));

	private final Metrics metrics;

	@Activate
	public MetricsCommand(@Reference Metrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public CommandSpec spec() {
		return SPEC;
	}

	@Override
	public String run(FrontEnd frontEnd, Arguments arguments) {
		return arguments.flag("--prometheus") ? metrics.prometheus().stripTrailing() : metrics.text();
	}
}
