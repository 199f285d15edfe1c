package os2.plugins.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.dylibso.chicory.runtime.HostFunction;

import os2.kernel.api.Capabilities;
import os2.kernel.api.KernelException;

/**
 * Host functions beyond WASI, offered by grant: real modules on the real Chicory; the kernel's
 * answer is a stand-in here (the grant check itself is the kernel's, tested there and end to end in WasmIT).
 */
class HostFunctionsByGrantTest {

	@TempDir
	Path workspace;

	private final List<String> asked = new ArrayList<>();

	private Capabilities answering(boolean allowed) {
		return permission -> {
			asked.add(permission);
			return allowed;
		};
	}

	private ModuleFile module(String name) throws Exception {
		return ModuleFile.load(workspace, Fixtures.compile(name, workspace).getFileName().toString());
	}

	@Test
	void aGrantedNoteReachesTheRecordAndTheGuestGetsSuccess() throws Exception {
		Noted output = new Noted();
		ModuleFile noting = module("noting");

		HostFunction[] extra = HostFunctionsByGrant.granted(noting.module(), "greet", "com.example.greeter", answering(true),
				output);
		int status = WasiRun.run("greet", noting.module(), new WasiRun.Settings(workspace, List.of("greet"), Map.of(),
				InputStream.nullInputStream(), 1 << 26, 1 << 20, true, 0, true), output, extra).exitStatus();

		assertEquals(0, status);
		assertEquals(List.of("host:os2.note"), asked);
		assertEquals(List.of(Map.of("tool", "greet", "guest-note", "the guest says hi")), output.notes);
	}

	@Test
	void withoutTheGrantTheModuleDoesNotStartAndTheErrorNamesTheGrant() throws Exception {
		ModuleFile noting = module("noting");

		KernelException refused = assertThrows(KernelException.class, () -> HostFunctionsByGrant.granted(noting.module(),
				"greet", "com.example.greeter", answering(false), new Noted()));

		assertEquals("greet: its module imports os2.note, which com.example.greeter has no grant for;"
				+ " ./os2 --admin -c 'grant com.example.greeter host:os2.note' gives it", refused.getMessage());
	}

	@Test
	void aFunctionOs2DoesNotOfferIsRefusedWithoutAskingForAGrant() throws Exception {
		ModuleFile unoffered = module("unoffered");

		KernelException refused = assertThrows(KernelException.class, () -> HostFunctionsByGrant.granted(unoffered.module(),
				"greet", "com.example.greeter", answering(true), new Noted()));

		assertEquals("greet: its module imports os2.launch_missiles, which OS2 does not offer (it offers os2.note)",
				refused.getMessage());
		assertEquals(List.of(), asked);
	}

	@Test
	void aModuleThatImportsOnlyWasiAsksForNothing() throws Exception {
		ModuleFile plain = module("echo_file");

		assertEquals(0, HostFunctionsByGrant.granted(plain.module(), "echo", "b", answering(false), new Noted()).length);
		assertEquals(List.of(), asked);
	}

	/** Output that keeps the notes, too. */
	static final class Noted extends Fixtures.Recorded {
		final List<Map<String, Object>> notes = new ArrayList<>();

		@Override
		public synchronized void note(Map<String, Object> facts) {
			notes.add(Map.copyOf(facts));
		}
	}
}
