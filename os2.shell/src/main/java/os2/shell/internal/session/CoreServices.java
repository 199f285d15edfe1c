package os2.shell.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.threadio.ThreadIO;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import os2.kernel.api.Kernel;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Sessions;
import os2.ledger.api.Ledger;

/**
 * The services the shell cannot work without, held for as long as the shell runs. The main thread
 * may be called before DS has activated everything, so each is awaited with a bound.
 */
public record CoreServices(CommandProcessor processor, ThreadIO threadIO, CommandCatalog catalog, Os2Environment environment,
		Ledger ledger, Sessions sessions, BundleContext context, List<ServiceTracker<?, ?>> trackers) implements AutoCloseable {

	private static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(30);
	private static final long LEDGER_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(5);

	/** @throws IllegalStateException naming the services that did not appear in time */
	public static CoreServices await(BundleContext context) {
		ServiceTracker<CommandProcessor, CommandProcessor> processor = open(context, CommandProcessor.class);
		ServiceTracker<ThreadIO, ThreadIO> threadIO = open(context, ThreadIO.class);
		ServiceTracker<CommandCatalog, CommandCatalog> catalog = open(context, CommandCatalog.class);
		ServiceTracker<Os2Environment, Os2Environment> environment = open(context, Os2Environment.class);
		ServiceTracker<Ledger, Ledger> ledger = open(context, Ledger.class);
		ServiceTracker<Sessions, Sessions> sessions = open(context, Sessions.class);
		// The shell works without a ledger (to run 'status' and find out why it is missing), so
		// the ledger gets a shorter wait than the services the shell cannot do without. The
		// kernel's sessions need the ledger: without one, there are none to wait for.
		Ledger foundLedger = waitForLedger(context, ledger);
		CoreServices core = new CoreServices(waitFor(processor), waitFor(threadIO), waitFor(catalog), waitFor(environment),
				foundLedger, foundLedger == null ? null : waitFor(sessions, LEDGER_WAIT_MILLIS), context,
				List.of(processor, threadIO, catalog, environment, ledger, sessions));
		List<String> missing = new ArrayList<>();
		if (core.processor == null) {
			missing.add(CommandProcessor.class.getName() + " (bundle org.apache.felix.gogo.runtime)");
		}
		if (core.threadIO == null) {
			missing.add(ThreadIO.class.getName() + " (bundle org.apache.felix.gogo.runtime)");
		}
		if (core.catalog == null) {
			missing.add(CommandCatalog.class.getName() + " (bundle os2.shell)");
		}
		if (core.environment == null) {
			missing.add(Os2Environment.class.getName() + " (bundle os2.kernel)");
		}
		if (!missing.isEmpty()) {
			core.close();
			throw new IllegalStateException("the shell did not start: no " + String.join(", no ", missing)
					+ " after " + TimeUnit.MILLISECONDS.toSeconds(WAIT_MILLIS) + " s; --verbose shows the framework's errors");
		}
		return core;
	}

	private static <S> ServiceTracker<S, S> open(BundleContext context, Class<S> type) {
		ServiceTracker<S, S> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		return tracker;
	}

	/**
	 * The ledger, waited for while it may still come: not once its component has failed (a
	 * damaged home, say), so the shell does not stall for nothing.
	 */
	private static Ledger waitForLedger(BundleContext context, ServiceTracker<Ledger, Ledger> ledger) {
		long deadline = System.currentTimeMillis() + LEDGER_WAIT_MILLIS;
		while (System.currentTimeMillis() < deadline) {
			Ledger found = waitFor(ledger, 20);
			if (found != null || LedgerComponents.failed(context)) {
				return found;
			}
		}
		return ledger.getService();
	}

	private static <S> S waitFor(ServiceTracker<S, S> tracker) {
		return waitFor(tracker, WAIT_MILLIS);
	}

	private static <S> S waitFor(ServiceTracker<S, S> tracker, long millis) {
		try {
			return tracker.waitForService(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * The kernel, if it runs. Looked up when needed, not tracked: a tracker would activate it at
	 * start, and a shell that runs no tool does not need it.
	 */
	Optional<Kernel> kernel() {
		ServiceReference<Kernel> reference = context.getServiceReference(Kernel.class);
		return Optional.ofNullable(reference == null ? null : context.getService(reference));
	}

	@Override
	public void close() {
		trackers.forEach(ServiceTracker::close);
	}
}
