package os2.plugins.wasm;

import java.util.Locale;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/** What {@code wasm inspect} prints: the module's imports, exports and memory limits. */
final class ModuleDescription {

	private ModuleDescription() {
	}

	static String of(ModuleFile file) {
		WasmModule module = file.module();
		StringBuilder text = new StringBuilder();
		text.append(file.name()).append(": ").append(file.bytes().length).append(" bytes, sha256 ").append(file.sha256())
				.append('\n');
		text.append("imports:\n");
		int imports = module.importSection().importCount();
		for (int i = 0; i < imports; i++) {
			Import entry = module.importSection().getImport(i);
			text.append("  ").append(entry.module()).append('.').append(entry.name()).append(" (")
					.append(kind(entry.importType().name())).append(")\n");
			if (entry instanceof MemoryImport memory) {
				text.append("  memory ").append(limits(memory.limits())).append('\n');
			}
		}
		if (imports == 0) {
			text.append("  (none)\n");
		}
		text.append("exports:\n");
		int exports = module.exportSection().exportCount();
		for (int i = 0; i < exports; i++) {
			Export entry = module.exportSection().getExport(i);
			text.append("  ").append(entry.name()).append(" (").append(kind(entry.exportType().name())).append(")\n");
		}
		if (exports == 0) {
			text.append("  (none)\n");
		}
		module.memorySection().filter(section -> section.memoryCount() > 0)
				.ifPresent(section -> text.append("memory: ").append(limits(section.getMemory(0).limits())).append('\n'));
		return text.toString();
	}

	private static String kind(String type) {
		return type.toLowerCase(Locale.ROOT);
	}

	private static String limits(MemoryLimits limits) {
		String maximum = limits.maximumPages() >= MemoryLimits.MAX_PAGES ? "no maximum"
				: "at most " + limits.maximumPages();
		return limits.initialPages() + " pages of 64 KiB at first, " + maximum;
	}
}
