package os2.plugins.wasm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;

import os2.kernel.api.Capabilities;
import os2.kernel.api.GrantDeniedException;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;

/**
 * The host functions beyond WASI that a bundled tool's module may import from the module
 * {@value #MODULE}, each offered only if the declaring bundle holds {@code host:os2.NAME} — asked
 * of the kernel (and so on record) at every run, as grants change while OS2 runs. A module that
 * imports one its bundle may not have does not start: the run ends with one line naming the
 * grant and the command that gives it.
 *
 * <pre>
 * os2.note(text_ptr i32, text_len i32) -> errno i32   appends the UTF-8 text to the ledger as a
 *                                                      run-note {"guest-note": text}; 28 (EINVAL)
 *                                                      for more than 64 KiB
 * </pre>
 */
final class HostFunctionsByGrant {

	static final String MODULE = "os2";

	private static final int MAX_NOTE_BYTES = 64 * 1024;
	private static final int ESUCCESS = 0;
	private static final int EINVAL = 28;

	private HostFunctionsByGrant() {
	}

	/**
	 * The functions {@code module} imports from {@value #MODULE}, each after its grant was checked.
	 *
	 * @throws KernelException naming the first import that is unknown or not granted
	 */
	static HostFunction[] granted(WasmModule module, String tool, String bundle, Capabilities capabilities, Output output) {
		List<HostFunction> functions = new ArrayList<>();
		for (String name : imported(module)) {
			HostFunction function = switch (name) {
				case "note" -> note(tool, output);
				default -> throw new KernelException(tool + ": its module imports " + MODULE + "." + name
						+ ", which OS2 does not offer (it offers " + MODULE + ".note)");
			};
			String permission = "host:" + MODULE + "." + name;
			if (!capabilities.check(permission)) {
				throw new KernelException(tool + ": its module imports " + MODULE + "." + name + ", which " + bundle
						+ " has no grant for; " + GrantDeniedException.grantCommand(bundle, permission) + " gives it");
			}
			functions.add(function);
		}
		return functions.toArray(HostFunction[]::new);
	}

	/** The names of the functions {@code module} imports from {@value #MODULE}, each once, sorted. */
	static List<String> imported(WasmModule module) {
		TreeSet<String> names = new TreeSet<>();
		for (int i = 0; i < module.importSection().importCount(); i++) {
			Import anImport = module.importSection().getImport(i);
			if (anImport.module().equals(MODULE) && anImport.importType() == ExternalType.FUNCTION) {
				names.add(anImport.name());
			}
		}
		return List.copyOf(names);
	}

	private static HostFunction note(String tool, Output output) {
		return new HostFunction(MODULE, "note", List.of(ValType.I32, ValType.I32), List.of(ValType.I32),
				(instance, arguments) -> {
					int length = (int) arguments[1];
					if (length < 0 || length > MAX_NOTE_BYTES) {
						return new long[] { EINVAL };
					}
					byte[] bytes = instance.memory().readBytes((int) arguments[0], length);
					Map<String, Object> note = new LinkedHashMap<>();
					note.put("tool", tool);
					note.put("guest-note", new String(bytes, StandardCharsets.UTF_8));
					output.note(note);
					return new long[] { ESUCCESS };
				});
	}
}
