package os2.plugins.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

import os2.kernel.api.Tool;

/**
 * The extender for WebAssembly tools in bundles: an active bundle whose manifest has an
 * {@code OS2-Wasm-Tool} header gets a {@link Tool} service for each tool it declares, registered
 * with that bundle's own context. So the declaring bundle's grants decide (a bundle without
 * {@code service:os2.kernel.api.Tool:register} adds no command, and is told how to get one), and
 * the commands go when the bundle stops. The module runs in the sidecar, never as Java: this is
 * how a third party ships an untrusted tool. Host functions beyond WASI are offered by grant
 * ({@link HostFunctionsByGrant}).
 */
@Component(immediate = true)
public final class WasmToolExtender {

	private final Logger log;
	private final BundleTracker<List<ServiceRegistration<Tool>>> tracker;

	@Activate
	public WasmToolExtender(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
		this.log = log;
		this.tracker = new BundleTracker<>(context, Bundle.ACTIVE, new BundleTrackerCustomizer<>() {
			@Override
			public List<ServiceRegistration<Tool>> addingBundle(Bundle bundle, BundleEvent event) {
				String header = bundle.getHeaders("").get(WasmToolHeader.HEADER);
				return header == null ? null : register(bundle, header);
			}

			@Override
			public void modifiedBundle(Bundle bundle, BundleEvent event, List<ServiceRegistration<Tool>> tools) {
				// the tools stay while the bundle is active
			}

			@Override
			public void removedBundle(Bundle bundle, BundleEvent event, List<ServiceRegistration<Tool>> tools) {
				for (ServiceRegistration<Tool> tool : tools) {
					try {
						tool.unregister();
					} catch (IllegalStateException alreadyGone) {
						// unregistered with the bundle as it stopped
					}
				}
			}
		});
		tracker.open();
	}

	@Deactivate
	void deactivate() {
		tracker.close();
	}

	private List<ServiceRegistration<Tool>> register(Bundle bundle, String header) {
		List<ServiceRegistration<Tool>> registrations = new ArrayList<>();
		BundleContext declaring = bundle.getBundleContext();
		for (WasmToolHeader.Parsed parsed : WasmToolHeader.parse(header)) {
			if (parsed.tool() == null) {
				log.error("{}: {} header: {}; fix the bundle's manifest", bundle.getSymbolicName(), WasmToolHeader.HEADER,
						parsed.problem());
				continue;
			}
			WasmToolHeader tool = parsed.tool();
			URL entry = bundle.getEntry(tool.path());
			if (entry == null) {
				log.error("{}: the tool '{}' names {}, which the bundle does not hold", bundle.getSymbolicName(), tool.name(),
						tool.path());
				continue;
			}
			try (InputStream in = entry.openStream()) {
				byte[] bytes = in.readAllBytes();
				WasmModule module = Parser.parse(bytes);
				// the name the header gives is the one its description gives: the kernel and the shell find it by it
				registrations.add(declaring.registerService(Tool.class, new BundledWasmTool(tool, bundle, module, sha256(bytes)),
						FrameworkUtil.asDictionary(Map.of(Tool.NAME_PROPERTY, tool.name()))));
			} catch (IOException | ChicoryException | IllegalArgumentException e) {
				log.error("{}: the tool '{}' ({}) is not a WebAssembly module Chicory can read: {}", bundle.getSymbolicName(),
						tool.name(), tool.path(), e.getMessage());
			}
		}
		return registrations;
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}
}
