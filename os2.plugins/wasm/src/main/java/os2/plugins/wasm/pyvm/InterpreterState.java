package os2.plugins.wasm.pyvm;

/**
 * Everything that makes one CPython interpreter what it is between two calls: its linear memory
 * (the interpreter, its objects and the C library's state, such as the working directory), its
 * stack pointer (the one mutable global), and the host-side state it sees, the virtual clock's
 * reading and the random generator's state. Open files live on the host side and are not kept.
 *
 * @param memory the linear memory, a whole number of 64 KiB pages; not copied, not to be changed
 */
record InterpreterState(byte[] memory, long stackPointer, long clockNanos, long randomState) {

	static final int PAGE_BYTES = 64 * 1024;

	int pages() {
		return memory.length / PAGE_BYTES;
	}
}
