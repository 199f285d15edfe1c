package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code wasm} tool through {@code ./os2}: modules compiled by wabt's wat2wasm in the test,
 * run on Chicory inside the distribution's framework.
 */
class WasmIT {

	private static final String HELLO = """
			(module
			  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
			  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
			  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
			  (memory (export "memory") 1)
			  (data (i32.const 16) "hello from wasm\\n")
			  (func (export "_start")
			    (i32.store (i32.const 0) (i32.const 16))
			    (i32.store (i32.const 4) (i32.const 16))
			    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
			    ;; eight random bytes, as 16 hex digits would be too much wat: shown raw, then a newline
			    (drop (call $random_get (i32.const 64) (i32.const 8)))
			    (i32.store8 (i32.const 72) (i32.const 10))
			    (i32.store (i32.const 0) (i32.const 64))
			    (i32.store (i32.const 4) (i32.const 9))
			    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
			    (call $proc_exit (i32.const 3))))
			""";

	/** Appends a note to the ledger through os2.note, and exits with the errno it got. */
	private static final String NOTING = """
			(module
			  (import "os2" "note" (func $note (param i32 i32) (result i32)))
			  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
			  (memory (export "memory") 1)
			  (data (i32.const 0) "noted by a guest")
			  (func (export "_start") (call $proc_exit (call $note (i32.const 0) (i32.const 16)))))
			""";

	private static final String SPIN = """
			(module (memory (export "memory") 1) (func (export "_start") (loop $forever (br $forever))))
			""";

	@TempDir
	Path home;

	@TempDir
	Path workspace;

	@BeforeEach
	void compileTheModules() throws Exception {
		compile("hello", HELLO);
		compile("spin", SPIN);
		compile("noting", NOTING);
	}

	private void compile(String name, String wat) throws IOException, InterruptedException {
		WasmToolBundles.compile(workspace, name, wat);
	}

	private Os2Run os2(String line) {
		return Os2Run.of(home, "--workspace", workspace.toString(), "-c", line);
	}

	/** A line of the administrator's (a grant). */
	private Os2Run admin(String line) {
		return Os2Run.of(home, "--admin", "-c", line);
	}

	@Test
	void aModuleRunsWithItsOutputAndExitCodeTheSameBytesInEverySessionAndOnRecord() throws Exception {
		Os2Run first = os2("wasm run hello.wasm");
		Os2Run second = os2("wasm run hello.wasm");

		assertEquals(3, first.status(), first.toString());
		assertTrue(first.stdout().startsWith("hello from wasm\n"), first.toString());
		assertEquals(first.stdout(), second.stdout(), "two deterministic runs differ");
		String sha256 = HexFormat.of().formatHex(
				MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(workspace.resolve("hello.wasm"))));
		String notes = Os2Run.of(home, "-c", "ledger show --kind run-note --json --limit 1000").stdout();
		assertTrue(notes.contains("\"sha256\":\"" + sha256 + "\""), notes);
		assertTrue(notes.contains("\"seed\":0"), notes);
	}

	@Test
	void inspectNamesImportsExportsAndMemory() {
		Os2Run inspect = os2("wasm inspect hello.wasm");

		assertEquals(0, inspect.status(), inspect.toString());
		assertTrue(inspect.stdout().contains("  wasi_snapshot_preview1.fd_write (function)\n"), inspect.stdout());
		assertTrue(inspect.stdout().contains("  _start (function)\n"), inspect.stdout());
		assertTrue(inspect.stdout().contains("memory: 1 pages of 64 KiB at first, no maximum\n"), inspect.stdout());
	}

	// a module's run is the same bytes every time (its random generator and clock are the sidecar's,
	// seeded): replay --verify runs the session again from the snapshot before it, byte for byte
	@Test
	void aSessionOfWasmRunsRunsAgainIdentically() {
		assertEquals(0, os2("snapshot before").status());
		Os2Run ran = os2("wasm run hello.wasm");
		assertEquals(3, ran.status(), ran.toString());
		String session = Homes.sessionOf(Homes.lastRun(home, "wasm"));
		assertEquals(0, os2("snapshot after").status());

		Os2Run again = os2("replay --verify " + session);

		assertEquals(0, again.status(), again.toString());
		assertTrue(again.stdout().contains("identical: 1 run of " + session), again.toString());
		assertTrue(again.stdout().contains("the workspace's content that of snapshot"), again.toString());
	}

	@Test
	void anEndlessLoopIsStoppedAtItsTimeAndTheNextCommandRuns() {
		Os2Run spin = os2("wasm --timeout 1 run spin.wasm");
		Os2Run after = os2("wasm run hello.wasm");

		assertEquals(124, spin.status(), spin.toString());
		assertEquals("os2: wasm was stopped: its wall-time limit was reached (--timeout SECONDS gives a run longer)\n",
				spin.stderr());
		assertEquals(3, after.status(), after.toString());
	}

	@Test
	void aBundleShippingAWasmToolAddsItsCommandOnlyWithTheGrantAndTakesItAwayWhenRemoved() throws Exception {
		Path bundle = deployToolBundle("com.example.greeter", "greet", "says hello, from a sandbox", "hello.wasm");
		String untrusted = "os2: 'greet' is a tool of com.example.greeter, whose jar no one has trusted, and grants hold only"
				+ " for a trusted jar; ./os2 --admin -c 'trust add com.example.greeter' and ./os2 --admin -c 'grant"
				+ " com.example.greeter service:os2.kernel.api.Tool:register' give it\n";

		Os2Run refused = os2("greet");
		assertEquals(2, refused.status(), refused.toString());
		assertEquals(untrusted, refused.stderr());

		// a grant is given to a name; it holds only for a jar the owner trusted by its hash
		assertEquals(0, admin("grant com.example.greeter service:os2.kernel.api.Tool:register").status());
		Os2Run grantedOnly = os2("greet");
		assertEquals(untrusted, grantedOnly.stderr(), grantedOnly.toString());
		Os2Run trust = admin("trust add com.example.greeter");
		assertEquals(0, trust.status(), trust.toString());
		assertTrue(trust.stdout().contains("it holds no Java code; the grants given to its name now hold for it"),
				trust.toString());
		Os2Run greeted = os2("greet");
		assertEquals(3, greeted.status(), greeted.toString());
		assertTrue(greeted.stdout().startsWith("hello from wasm\n"), greeted.toString());
		assertTrue(os2("help").stdout().contains("says hello, from a sandbox (WebAssembly, from com.example.greeter)"));

		Files.delete(bundle);
		Os2Run gone = os2("greet");
		assertEquals(2, gone.status(), gone.toString());
		assertEquals("os2: unknown command 'greet'; 'help' lists the commands\n", gone.stderr());
	}

	// Another jar under a granted name (a tool bundle needs no trust to be installed): it gets
	// nothing of what the name was granted, its tool stays hidden, and the owner is told why.
	@Test
	void aJarThatTakesTheNameOfAGrantedBundleGetsNoneOfItsGrants() throws Exception {
		deployToolBundle("com.example.greeter", "greet", "says hello, from a sandbox", "hello.wasm");
		assertEquals(0, admin("grant com.example.greeter service:os2.kernel.api.Tool:register").status());
		assertEquals(0, admin("trust add com.example.greeter").status());
		assertEquals(3, os2("greet").status());

		Path impostor = deployToolBundle("com.example.greeter", "greet", "the same name, other code", "spin.wasm");
		Os2Run hidden = os2("greet --timeout 5");
		Os2Run trusts = admin("trust list");
		Os2Run granted = os2("grants com.example.greeter");

		assertEquals(2, hidden.status(), hidden.toString());
		assertTrue(hidden.stderr().contains("whose jar no one has trusted"), hidden.toString());
		assertTrue(trusts.stdout().contains("no-code") && trusts.stdout().contains(Homes.sha256(impostor)), trusts.toString());
		assertTrue(granted.stdout().contains("they hold for no jar of it until one is trusted"), granted.toString());
	}

	@Test
	void aMissingModuleAndAnUnknownSubcommandAreOneLine() {
		Os2Run missing = os2("wasm run none.wasm");
		Os2Run unknown = os2("wasm jump hello.wasm");

		assertEquals(1, missing.status(), missing.toString());
		assertEquals("os2: wasm: there is no none.wasm in the workspace " + workspace + "\n", missing.stderr());
		assertEquals(2, unknown.status(), unknown.toString());
		assertEquals("os2: no wasm subcommand 'jump'; wasm run|inspect ...; 'help wasm' explains each\n", unknown.stderr());
	}

	@Test
	void aHostFunctionBeyondWasiIsOfferedOnlyWithItsGrantAndEveryDecisionIsOnRecord() throws Exception {
		deployToolBundle("com.example.noter", "note-it", "notes something", "noting.wasm");
		assertEquals(0, admin("trust add com.example.noter").status());
		assertEquals(0, admin("grant com.example.noter service:os2.kernel.api.Tool:register").status());

		Os2Run refused = os2("note-it");
		assertEquals(1, refused.status(), refused.toString());
		assertEquals("os2: note-it: its module imports os2.note, which com.example.noter has no grant for;"
				+ " ./os2 --admin -c 'grant com.example.noter host:os2.note' gives it\n", refused.stderr());

		assertEquals(0, admin("grant com.example.noter host:os2.note").status());
		Os2Run noted = os2("note-it");
		assertEquals(0, noted.status(), "the guest got errno 0 back: " + noted);

		String notes = Os2Run.of(home, "-c", "ledger show --kind run-note --json --limit 1000").stdout();
		assertTrue(notes.contains("\"guest-note\":\"noted by a guest\""), notes);
		String decisions = Os2Run.of(home, "-c", "ledger show --kind grant-decision --json --limit 1000").stdout();
		assertTrue(decisions.lines().anyMatch(entry -> entry.contains("\"allowed\":false,\"bundle\":\"com.example.noter\","
				+ "\"grant\":\"none\",\"how\":\"check\",\"permission\":\"host:os2.note\"")), decisions);
		assertTrue(decisions.lines().anyMatch(entry -> entry.contains("\"allowed\":true,\"bundle\":\"com.example.noter\","
				+ "\"grant\":\"host:os2.note\",\"how\":\"check\",\"permission\":\"host:os2.note\"")), decisions);
	}

	/** A bundle in the deploy directory that ships {@code module} (of the workspace) as the tool {@code name}. */
	private Path deployToolBundle(String symbolicName, String name, String summary, String module) throws IOException {
		return WasmToolBundles.deploy(home, symbolicName, name, summary, workspace.resolve(module));
	}

	/**
	 * A WASI program from a real toolchain: AssemblyScript's compiler (from the npm registry, at
	 * pinned versions, with its WASI shim) builds it in the test; it reads its arguments, an
	 * environment variable, the clock and the random generator.
	 */
	@Test
	void aProgramBuiltByARealToolchainRunsDeterministically() throws Exception {
		Path compiler = Path.of("target", "assemblyscript").toAbsolutePath();
		if (!Files.isExecutable(compiler.resolve("node_modules/.bin/asc"))) {
			run(Files.createDirectories(compiler), "npm", "install", "--no-audit", "--no-fund", "--prefix", compiler.toString(),
					"assemblyscript@0.28.20", "@assemblyscript/wasi-shim@0.1.0");
		}
		Path source = Files.writeString(workspace.resolve("hello.ts"), """
				const args = process.argv;
				console.log("hello from AssemblyScript, " + args.length.toString() + " arguments: " + args.join(" "));
				console.log("GREETING=" + (process.env.has("GREETING") ? process.env.get("GREETING") : "(unset)"));
				console.log("time " + Date.now().toString() + ", random " + Math.random().toString());
				process.exit(args.length);
				""");
		// from the compiler's directory: asc finds the shim's library relative to where it runs
		run(compiler, compiler.resolve("node_modules/.bin/asc").toString(), source.toString(), "--config",
				"node_modules/@assemblyscript/wasi-shim/asconfig.json", "-o", workspace.resolve("as-hello.wasm").toString());

		Os2Run first = os2("wasm --env GREETING=hi run as-hello.wasm one 'two words'");
		Os2Run second = os2("wasm --env GREETING=hi run as-hello.wasm one 'two words'");

		assertEquals(3, first.status(), first.toString());
		assertTrue(first.stdout().startsWith("hello from AssemblyScript, 3 arguments: as-hello.wasm one two words\n"
				+ "GREETING=hi\ntime 1767225600000, random 0."), first.toString());
		assertEquals(first.stdout(), second.stdout(), "two deterministic runs differ");
	}

	private static void run(Path directory, String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		String said = new String(process.getInputStream().readAllBytes());
		assertTrue(process.waitFor(300, TimeUnit.SECONDS) && process.exitValue() == 0, String.join(" ", command) + ": " + said);
	}
}
