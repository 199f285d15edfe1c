package os2.shell.internal.commands;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.Os2Environment;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;
import os2.shell.internal.trust.Verdicts;

/** {@code status}: is everything running, and if not, why not. */
@Component(service = Os2Command.class)
public final class StatusCommand implements Os2Command {

	private static final CommandSpec SPEC = CommandSpec.of("status",
			"show the framework, every bundle's state and any component that is not running", CommandSpec.Form.of());

	private final BundleContext context;
	private final ServiceComponentRuntime components;
	private final Os2Environment environment;

	@Activate
	public StatusCommand(BundleContext context, @Reference ServiceComponentRuntime components,
			@Reference Os2Environment environment) {
		this.context = context;
		this.components = components;
		this.environment = environment;
	}

	@Override
	public CommandSpec spec() {
		return SPEC;
	}

	@Override
	public Object run(FrontEnd frontEnd, Arguments arguments) {
		print(frontEnd.out());
		return null;
	}

	void print(PrintStream out) {
		Bundle framework = context.getBundle(0);
		out.printf("framework  %s %s, %s%n", framework.getSymbolicName(), framework.getVersion(),
				BundleStates.name(framework.getState()));
		out.printf("home       %s%n", environment.home());
		out.printf("workspace  %s%n", environment.workspace());
		out.println("bundles:");
		for (Bundle bundle : context.getBundles()) {
			String refused = Verdicts.refused(context, bundle) ? "  (refused: 'trust list' says why)" : "";
			out.printf("  %3d  %-11s %s %s%s%n", bundle.getBundleId(), BundleStates.name(bundle.getState()),
					bundle.getSymbolicName(), bundle.getVersion(), refused);
		}
		List<String> problems = componentProblems();
		if (problems.isEmpty()) {
			out.println("components: all satisfied");
		} else {
			out.println("components not running:");
			problems.forEach(p -> out.println("  " + p));
		}
	}

	private List<String> componentProblems() {
		List<String> problems = new ArrayList<>();
		for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs()) {
			if (!components.isComponentEnabled(description)) {
				problems.add(description.name + " (" + description.bundle.symbolicName + "): disabled");
				continue;
			}
			for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
				String reason = reason(configuration);
				if (reason != null) {
					problems.add(description.name + " (" + description.bundle.symbolicName + "): " + reason);
				}
			}
		}
		return problems;
	}

	/** Why a component configuration is not running, or null if it is fine. */
	static String reason(ComponentConfigurationDTO configuration) {
		return switch (configuration.state) {
			case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "waiting for its configuration";
			case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "missing service " + missing(configuration);
			case ComponentConfigurationDTO.FAILED_ACTIVATION -> "activation failed: " + configuration.failure;
			default -> null;
		};
	}

	private static String missing(ComponentConfigurationDTO configuration) {
		List<String> names = new ArrayList<>();
		for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
			names.add(reference.name + (reference.target == null ? "" : " " + reference.target));
		}
		return String.join(", ", names);
	}
}
