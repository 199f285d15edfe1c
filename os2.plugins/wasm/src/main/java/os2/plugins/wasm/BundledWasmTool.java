package os2.plugins.wasm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.WasmModule;

import os2.kernel.api.Capabilities;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.Invocation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.kernel.api.RunResult;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;

/**
 * A tool another bundle ships as a WebAssembly module ({@link WasmToolExtender}): run like
 * {@code wasm run}, deterministic, with the workspace as {@code /work}, its arguments, the
 * {@code --env} environment, and the host functions beyond WASI its bundle holds grants for
 * ({@link HostFunctionsByGrant}). It is registered in the declaring bundle's name, so the
 * declaring bundle's grants decide whether it is a command at all.
 */
final class BundledWasmTool implements Tool {

	private final WasmToolHeader header;
	private final Bundle bundle;
	private final WasmModule module;
	private final String sha256;

	BundledWasmTool(WasmToolHeader header, Bundle bundle, WasmModule module, String sha256) {
		this.header = header;
		this.bundle = bundle;
		this.module = module;
		this.sha256 = sha256;
	}

	@Override
	public ToolDescription description() {
		return ToolDescription.of(header.name(), header.summary() + " (WebAssembly, from " + bundle.getSymbolicName() + ")",
				List.of(), Form.of(Parameter.rest("ARGS", "the module's arguments"))).readingInput();
	}

	@Override
	public RunResult run(Invocation invocation, Output output) throws InterruptedException {
		List<String> argv = new ArrayList<>();
		argv.add(header.name());
		argv.addAll(invocation.arguments());
		Map<String, Object> record = new LinkedHashMap<>();
		record.put("module", bundle.getSymbolicName() + "!/" + header.path());
		record.put("bundle-version", bundle.getVersion().toString());
		record.put("sha256", sha256);
		record.put("arguments", argv);
		record.put("environment", invocation.environment());
		record.put("deterministic", true);
		record.put("seed", 0L);
		output.note(record);
		WasiRun.Settings settings = new WasiRun.Settings(invocation.workspace(), argv, invocation.environment(),
				invocation.stdin(), invocation.budget().memoryBytes(), invocation.budget().fileBytes(), true, 0, true);
		HostFunction[] extra = HostFunctionsByGrant.imported(module).isEmpty() ? new HostFunction[0] : grantedHostFunctions(output);
		try (GuestInterrupt stopping = GuestInterrupt.whenCancelled(invocation.cancellation())) {
			return WasiRun.run(header.name(), module, settings, output, extra);
		}
	}

	/** Asked in the declaring bundle's name, as its grants are the ones that count. */
	private HostFunction[] grantedHostFunctions(Output output) {
		BundleContext declaring = bundle.getBundleContext();
		ServiceReference<Capabilities> reference = declaring == null ? null : declaring.getServiceReference(Capabilities.class);
		Capabilities capabilities = reference == null ? null : declaring.getService(reference);
		if (capabilities == null) {
			throw new KernelException(header.name() + ": the kernel cannot be asked for " + bundle.getSymbolicName()
					+ "'s grants just now; try again ('status' shows what is not running)");
		}
		try {
			return HostFunctionsByGrant.granted(module, header.name(), bundle.getSymbolicName(), capabilities, output);
		} finally {
			declaring.ungetService(reference);
		}
	}
}
