package os2.shell.internal.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Os2Environment;
import os2.shell.internal.trust.TrustGate;
import os2.shell.internal.trust.TrustedJars;
import os2.shell.internal.trust.Verdicts;

/**
 * Keeps the installed bundles of this OS2 process in line with the trust file, whichever process
 * changed it: an administrator's {@code trust add} or {@code trust remove} runs in a process of its
 * own, and the daemon serving the agents must follow within a second, or it would go on running a
 * Java bundle trust was taken from. A bundle now refused is stopped and unwired; one now allowed
 * from the refused start level is started; a bundle with no Java code (running either way) whose
 * trust changed is started again, so the services it offers are offered anew and judged by the
 * grants that now hold for it (a change of trust sends no service event of its own). The file is
 * looked at once a second (its size, modification time and inode), and before every command
 * ({@link DeployBarrier}), so a command after a change of trust sees it made.
 */
@Component(service = TrustedBundles.class, immediate = true)
public final class TrustedBundles {

	private static final Duration POLL = Duration.ofSeconds(1);

	private final BundleContext context;
	private final Path file;
	/** Each bundle's verdict when last brought in line (by id). */
	private final Map<Long, String> seen = new HashMap<>();
	private final Thread watch;
	private Optional<String> fileState;

	@Activate
	public TrustedBundles(BundleContext context, @Reference Os2Environment environment) {
		this.context = context;
		this.file = new TrustedJars(environment.home()).file();
		this.fileState = state();
		// the gate placed every bundle by its verdict at the start: only changes from here on are acted on
		for (Bundle bundle : context.getBundles()) {
			seen.put(bundle.getBundleId(), verdict(bundle));
		}
		this.watch = Thread.ofPlatform().daemon().name("os2-trust-watch").start(this::watch);
	}

	@Deactivate
	void stop() {
		watch.interrupt();
	}

	/**
	 * Brings every bundle in line with its verdict now.
	 *
	 * @return what was done, a line per bundle ("started org.example 1.0.0"), for the one who asked
	 */
	public synchronized List<String> apply() {
		List<String> done = new ArrayList<>();
		for (Bundle bundle : context.getBundles()) {
			String before = seen.getOrDefault(bundle.getBundleId(), "");
			String now = verdict(bundle);
			seen.put(bundle.getBundleId(), now);
			if (now.equals("core") || now.isEmpty()) {
				continue;
			}
			BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
			if (Verdicts.refused(context, bundle)) {
				if (bundle.getState() == Bundle.ACTIVE || level.getStartLevel() != TrustGate.REFUSED_START_LEVEL) {
					refuse(bundle, level);
					done.add("stopped " + describe(bundle) + " and dropped its wiring");
				}
			} else if (level.getStartLevel() == TrustGate.REFUSED_START_LEVEL) {
				done.add(start(bundle, level) ? "started " + describe(bundle)
						: describe(bundle) + " did not start ('status' says why)");
			} else if (holdsGrants(before) != holdsGrants(now) && bundle.getState() == Bundle.ACTIVE) {
				start(bundle, level);
				done.add("started " + describe(bundle) + " again: the grants given to its name "
						+ (holdsGrants(now) ? "now hold for it" : "no longer hold for it"));
			}
		}
		return done;
	}

	/** As os2.kernel's VouchedJars decides: the grants given to a bundle's name hold for a core or trusted jar. */
	private static boolean holdsGrants(String verdict) {
		return verdict.equals("core") || verdict.equals("trusted");
	}

	private String verdict(Bundle bundle) {
		return Verdicts.of(context, bundle).orElse("");
	}

	/** Brings the bundles in line if the trust file changed since last looked at. */
	synchronized void catchUp() {
		Optional<String> now = state();
		if (!now.equals(fileState)) {
			fileState = now;
			apply();
		}
	}

	private void watch() {
		try {
			while (!Thread.currentThread().isInterrupted()) {
				Thread.sleep(POLL);
				catchUp();
			}
		} catch (InterruptedException | IllegalStateException stopped) {
			// the component, or the framework, is going away
		}
	}

	private Optional<String> state() {
		try {
			BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
			return Optional.of(attributes.size() + "@" + attributes.lastModifiedTime().toMillis() + "#" + attributes.fileKey());
		} catch (IOException none) {
			return Optional.empty();
		}
	}

	/** Starts the bundle from the refused start level; one running already (code-free) stops and starts again. */
	private boolean start(Bundle bundle, BundleStartLevel level) {
		try {
			level.setStartLevel(1);
			context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(List.of(bundle));
			if (bundle.getState() == Bundle.ACTIVE) {
				bundle.stop(Bundle.STOP_TRANSIENT);
			}
			bundle.start();
			return true;
		} catch (BundleException | IllegalStateException failed) {
			return false;
		}
	}

	private void refuse(Bundle bundle, BundleStartLevel level) {
		try {
			bundle.stop();
		} catch (BundleException | IllegalStateException alreadyStopped) {
			// refreshed below all the same
		}
		level.setStartLevel(TrustGate.REFUSED_START_LEVEL);
		context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle));
	}

	private static String describe(Bundle bundle) {
		return bundle.getSymbolicName() + " " + bundle.getVersion();
	}
}
