package os2.plugins.wasm;

/** Every case of {@link WasiRunTest} again, on the module compiled to JVM bytecode (what wasm run does by default). */
class CompiledWasiRunTest extends WasiRunTest {

	CompiledWasiRunTest() {
		compiled = true;
	}
}
