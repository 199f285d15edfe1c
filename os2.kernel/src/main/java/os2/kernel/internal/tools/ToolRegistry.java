package os2.kernel.internal.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

import os2.kernel.api.KernelException;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;
import os2.kernel.api.UsageError;

/**
 * Which Tool service is the tool of a name: of those the kernel sees carrying it
 * ({@link Tool#NAME_PROPERTY}, found with a filter, so a lookup activates no other tool), one of
 * OS2's own bundles' first, then the one registered first ({@link ToolNames#precedence}), whose
 * description gives the same name. The registry decides, not whoever
 * answers first; the shell's {@code ToolCommands} follows the same rule, so the command of a name
 * and the tool the kernel runs for it are the same. A tool is taken (its component activated) the
 * first time it is looked up and held until it goes: a tool may keep state between runs (pyvm's
 * interpreters).
 *
 * <p>Every service refused is logged once as a warning: one without a tool name, as it is
 * registered; one whose name an earlier registration holds, as soon as both are here; one whose
 * description names it otherwise, when it is first looked up (finding that out activates it).
 * Immediate, so a refusal is logged when OS2 starts, not at the first run.
 */
@Component(service = ToolRegistry.class, immediate = true)
public final class ToolRegistry {

	/** A tool, the service it is, and its description as it gave it when it was looked up. */
	public record Named(ServiceReference<Tool> reference, Tool tool, ToolDescription description) {
	}

	private final BundleContext context;
	private final Logger log;
	private final ServiceTracker<Tool, Held> tracker;
	private final Map<String, Found> found = new ConcurrentHashMap<>();

	@Activate
	public ToolRegistry(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
		this.context = context;
		this.log = log;
		this.tracker = new ServiceTracker<>(context, Tool.class, new ServiceTrackerCustomizer<>() {
			@Override
			public Held addingService(ServiceReference<Tool> reference) {
				warnIfRefused(reference);
				return new Held(reference);
			}

			@Override
			public void modifiedService(ServiceReference<Tool> reference, Held held) {
				if (held.renamed()) {
					warnIfRefused(reference);
				}
			}

			@Override
			public void removedService(ServiceReference<Tool> reference, Held held) {
				held.release();
			}
		});
		tracker.open();
	}

	@Deactivate
	void deactivate() {
		tracker.close();
	}

	/**
	 * The tool named {@code name}.
	 *
	 * @throws UsageError when there is none, saying why when a service carrying the name was refused
	 * @throws KernelException when the tool of that name went away while it was taken
	 */
	public Named named(String name) {
		int trackingCount = tracker.getTrackingCount();
		Found known = found.get(name);
		if (known != null && known.trackingCount() == trackingCount) {
			return known.tool();
		}
		Choice choice = choose(name);
		if (choice.tool() != null) {
			// only names that are tools: what a caller types otherwise must not grow the map
			found.put(name, new Found(trackingCount, choice.tool()));
			return choice.tool();
		}
		if (choice.refusal() != null) {
			throw new UsageError(choice.refusal());
		}
		if (choice.gone()) {
			throw new KernelException(name + " went away just now; 'help' lists the tools there are");
		}
		throw new UsageError("there is no tool '" + name + "'; 'help' lists the tools there are");
	}

	/**
	 * Why a name the kernel sees carried is no tool (its description names it otherwise); empty
	 * when nothing carrying it was refused.
	 */
	public Optional<String> refusal(String name) {
		Choice choice = choose(name);
		return choice.tool() == null ? Optional.ofNullable(choice.refusal()) : Optional.empty();
	}

	/**
	 * A tool as {@link #named} found it, good while the tracker has seen no Tool service come, change
	 * or go since (its tracking count): the tool is still held, and its description is read once per
	 * registration ({@link Tool#description()}). Looking it up again cost each run ~0.1 ms.
	 */
	private record Found(int trackingCount, Named tool) {
	}

	/** What looking {@code name} up found: the tool, or why not. */
	private record Choice(Named tool, String refusal, boolean gone) {
	}

	private Choice choose(String name) {
		if (!ToolDescription.isName(name)) {
			return new Choice(null, null, false); // nothing that is no tool name ever reaches a filter
		}
		String refusal = null;
		boolean gone = false;
		for (ServiceReference<Tool> reference : tracked(name)) {
			Held held = tracker.getService(reference);
			Tool tool = held == null ? null : held.take();
			if (tool == null) {
				gone = true; // unregistered meanwhile, or its component failed to activate ('status' says)
				continue;
			}
			ToolDescription description = null;
			String described;
			try {
				description = tool.description();
				described = description.name();
			} catch (RuntimeException broken) { // a tool's bug, said in one line
				described = "nothing: its description failed (" + broken.getMessage() + ")";
			}
			if (name.equals(described)) {
				return new Choice(new Named(reference, tool, description), null, false);
			}
			if (held.firstRefusal()) {
				log.warn("{} is refused: it carries {}={} but its description names it '{}'; the two must be the same",
						ToolNames.who(reference), Tool.NAME_PROPERTY, name, described);
			}
			if (refusal == null) {
				refusal = "'" + name + "' is a tool of " + ToolNames.bundleOf(reference) + " whose description names it '"
						+ described + "', so it is not one; its " + Tool.NAME_PROPERTY + " and its description must agree";
			}
		}
		return new Choice(null, refusal, gone);
	}

	/**
	 * The Tool services tracked carrying {@code name}, in {@link ToolNames#precedence} order: what a run looks
	 * up, from the tracker, not by a query of the registry, which would run every registry hook on
	 * each run (~0.4 ms a run here).
	 */
	private List<ServiceReference<Tool>> tracked(String name) {
		ServiceReference<Tool>[] all = tracker.getServiceReferences();
		if (all == null) {
			return List.of();
		}
		return Arrays.stream(all).filter(reference -> name.equals(reference.getProperty(Tool.NAME_PROPERTY)))
				.sorted(ToolNames.precedence(context)).toList();
	}

	/** The Tool services the kernel sees carrying {@code name}, in {@link ToolNames#precedence} order. */
	private List<ServiceReference<Tool>> carrying(String name) {
		try {
			return ToolNames.carrying(context, name);
		} catch (IllegalStateException kernelStopping) {
			return List.of(); // this bundle's context is no longer valid: no tool any more
		}
	}

	/**
	 * Logs why a service just tracked is refused, if it is. Of two carrying one name, the later
	 * registered is; when the earlier comes second (the tracker opening, or a grant making it
	 * visible), the one that was the tool until now is. Only services already tracked count, so
	 * each refusal is logged once.
	 */
	private void warnIfRefused(ServiceReference<Tool> reference) {
		Optional<String> noTool = ToolNames.refusal(reference);
		if (noTool.isPresent()) {
			log.warn(noTool.get());
			return;
		}
		String name = ToolNames.nameOf(reference).orElseThrow();
		List<ServiceReference<Tool>> here = new ArrayList<>();
		for (ServiceReference<Tool> carrier : carrying(name)) {
			if (carrier.equals(reference) || tracker.getService(carrier) != null) {
				here.add(carrier);
			}
		}
		if (here.size() < 2 || !here.contains(reference)) {
			return;
		}
		ServiceReference<Tool> first = here.getFirst();
		if (!first.equals(reference)) {
			log.warn("{} is refused: '{}' is the tool of {}, which comes first (OS2's own, else registered first)", ToolNames.who(reference), name,
					ToolNames.who(first));
		} else {
			log.warn("{} is refused from now on: '{}' is the tool of {}, which comes first (OS2's own, else registered first)", ToolNames.who(here.get(1)), name,
					ToolNames.who(reference));
		}
	}

	/**
	 * One Tool service as the kernel tracks it: its object is taken the first time it is looked up,
	 * and given back when the service goes.
	 */
	private final class Held {

		private final ServiceReference<Tool> reference;
		private Object name;
		private Tool tool;
		private boolean released;
		private boolean refused;

		Held(ServiceReference<Tool> reference) {
			this.reference = reference;
			this.name = reference.getProperty(Tool.NAME_PROPERTY);
		}

		synchronized Tool take() {
			if (tool == null && !released) {
				tool = context.getService(reference);
			}
			return tool;
		}

		synchronized void release() {
			released = true;
			if (tool != null) {
				tool = null;
				try {
					context.ungetService(reference);
				} catch (IllegalStateException kernelStopping) {
					// the framework gives back what a stopping bundle holds
				}
			}
		}

		/** Whether the service's name changed since it was last looked at (a modified service). */
		synchronized boolean renamed() {
			Object now = reference.getProperty(Tool.NAME_PROPERTY);
			boolean changed = !Objects.equals(now, name);
			name = now;
			if (changed) {
				refused = false; // judged anew under its new name
			}
			return changed;
		}

		/** True the first time only: a refusal found at each lookup is logged once. */
		synchronized boolean firstRefusal() {
			boolean first = !refused;
			refused = true;
			return first;
		}
	}
}
