package os2.shell.internal.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import os2.kernel.api.Os2Environment;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;
import os2.shell.internal.trust.BundleJar;
import os2.shell.internal.trust.Verdicts;

/**
 * Puts every bundle installed, updated or uninstalled besides OS2's own on record: an
 * {@code install} entry with its jar's SHA-256 and the trust gate's verdict. What happened while
 * this was not running (the jars {@code deploy/} installed before it started, a jar removed
 * while OS2 was down) is found by comparing with what was last recorded, kept in
 * {@code $OS2_HOME/state/bundles-on-record} (location and hash per line).
 */
@Component(immediate = true)
public final class BundleInstallRecord implements BundleListener {

	private final BundleContext context;
	private final Ledger ledger;
	private final Logger log;
	private final Path state;
	private final Map<String, String> onRecord;

	@Activate
	public BundleInstallRecord(BundleContext context, @Reference Ledger ledger, @Reference Os2Environment environment,
			@Reference(service = LoggerFactory.class) Logger log) {
		this.context = context;
		this.ledger = ledger;
		this.log = log;
		this.state = environment.home().resolve("state").resolve("bundles-on-record");
		this.onRecord = read(state);
		context.addBundleListener(this);
		catchUp();
	}

	@Deactivate
	void deactivate() {
		context.removeBundleListener(this);
	}

	@Override
	public void bundleChanged(BundleEvent event) {
		switch (event.getType()) {
			case BundleEvent.INSTALLED, BundleEvent.UPDATED -> seen(event.getBundle());
			case BundleEvent.UNINSTALLED -> gone(event.getBundle().getLocation(), event.getBundle());
			default -> {
				// started, stopped, resolved: not a change of what is installed
			}
		}
	}

	private synchronized void catchUp() {
		List<String> installed = new ArrayList<>();
		for (Bundle bundle : context.getBundles()) {
			installed.add(bundle.getLocation());
			seen(bundle);
		}
		for (String location : List.copyOf(onRecord.keySet())) {
			if (!installed.contains(location)) {
				gone(location, null);
			}
		}
	}

	private synchronized void seen(Bundle bundle) {
		String verdict = Verdicts.of(context, bundle).orElse("unknown");
		if (verdict.equals("core")) {
			return;
		}
		String sha256 = BundleJar.sha256(bundle).orElse("");
		String was = onRecord.get(bundle.getLocation());
		if (sha256.equals(was)) {
			return;
		}
		record(was == null ? "installed" : "updated", bundle.getLocation(), bundle, sha256, verdict);
		onRecord.put(bundle.getLocation(), sha256);
		write();
	}

	private synchronized void gone(String location, Bundle bundle) {
		String was = onRecord.remove(location);
		if (was != null) {
			record("uninstalled", location, bundle, was, "");
			write();
		}
	}

	private void record(String event, String location, Bundle bundle, String sha256, String verdict) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("event", event);
		payload.put("bundle", bundle == null ? "" : bundle.getSymbolicName());
		payload.put("version", bundle == null ? "" : bundle.getVersion().toString());
		payload.put("location", location);
		payload.put("sha256", sha256);
		if (!verdict.isEmpty()) {
			payload.put("trust", verdict);
		}
		try {
			ledger.appendAsync(new EntryDraft(Kinds.INSTALL, "", "", 0, payload));
		} catch (RuntimeException closed) {
			log.warn("the {} of {} is not on record: {}", event, location, closed.getMessage());
		}
	}


	private static Map<String, String> read(Path file) {
		Map<String, String> read = new TreeMap<>();
		try {
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
				int space = line.indexOf(' ');
				if (space > 0) {
					String sha256 = line.substring(0, space);
					read.put(line.substring(space + 1), sha256.equals("-") ? "" : sha256);
				}
			}
		} catch (IOException none) {
			// nothing on record yet
		}
		return read;
	}

	private void write() {
		List<String> lines = new ArrayList<>();
		onRecord.forEach((location, sha256) -> lines.add((sha256.isEmpty() ? "-" : sha256) + " " + location));
		try {
			Files.createDirectories(state.getParent());
			Path staging = Files.createTempFile(state.getParent(), ".bundles-on-record-", ".tmp");
			Files.write(staging, lines, StandardCharsets.UTF_8);
			Files.move(staging, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} catch (IOException e) {
			log.warn("cannot keep {}: {}; installs may be recorded again", state, e.getMessage());
		}
	}
}
