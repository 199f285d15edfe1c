package os2.plugins.wasm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;

import os2.kernel.api.KernelException;
import os2.kernel.api.Output;

/**
 * The part of this JVM's heap that WebAssembly guests' memories may hold together: half of it,
 * so that concurrent runs cannot exhaust the heap every session of the daemon shares. Each run
 * takes from it its guest's memory — its initial pages, then each growth — and gives all of it
 * back when the run ends. A run whose initial memory does not fit waits for others to end (saying
 * so on its progress line) for a while (30 s); one that can never fit, or still does not after
 * that, is refused in one line. A growth that does not fit is refused as WebAssembly refuses one
 * ({@code memory.grow} gives -1, for the guest to handle), and said once on the run's stderr.
 */
public final class GuestMemory {

	/** This JVM's: half its heap; a run waits up to 30 s for room to start. */
	public static final GuestMemory SHARED = new GuestMemory(Runtime.getRuntime().maxMemory() / 2, Duration.ofSeconds(30));

	private final long capacity;
	private final Duration wait;
	/** Guarded by {@code this}. */
	private long inUse;

	/** @param wait how long a run waits for room for its initial memory */
	GuestMemory(long capacity, Duration wait) {
		this.capacity = capacity;
		this.wait = wait;
	}

	/** What the guests of the runs under way hold now. */
	public synchronized long inUse() {
		return inUse;
	}

	/** A run's account: the allocation strategy its guest's memory is made with, closed when the run ends. */
	public Account open(String name, Output output) {
		return new Account(name, output);
	}

	private synchronized boolean tryTake(long bytes) {
		if (inUse + bytes > capacity) {
			return false;
		}
		inUse += bytes;
		return true;
	}

	private synchronized boolean take(long bytes, long waitNanos, Runnable waiting) throws InterruptedException {
		long deadline = System.nanoTime() + waitNanos;
		boolean said = false;
		while (inUse + bytes > capacity) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			if (!said) {
				waiting.run();
				said = true;
			}
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
		inUse += bytes;
		return true;
	}

	private synchronized void give(long bytes) {
		inUse -= bytes;
		notifyAll();
	}

	/** {@code 640 KiB}, {@code 12 MiB}: rounded up, so nothing needed shows as less. */
	private static String size(long bytes) {
		return bytes < 1 << 20 ? (bytes + 1023 >> 10) + " KiB" : (bytes + (1 << 20) - 1 >> 20) + " MiB";
	}

	/** One run's share: the memory its guest is given, and all it took, given back at the end. */
	public final class Account implements AutoCloseable {

		private final String name;
		private final Output output;
		/** Guarded by {@code this}: pages taken from the pool. */
		private long pages;
		private boolean refusalSaid;

		private Account(String name, Output output) {
			this.name = name;
			this.output = output;
		}

		/** The guest's memory, made once its initial pages are taken from the pool (waiting for them if need be). */
		Memory memory(MemoryLimits limits) {
			return memory(limits, ByteArrayMemory::new);
		}

		/**
		 * As {@link #memory(MemoryLimits)}, the memory {@code made} so (pyvm's, from its image): its
		 * initial pages and every growth taken from the pool all the same.
		 */
		public Memory memory(MemoryLimits limits, Function<MemoryLimits, Memory> made) {
			long bytes = (long) limits.initialPages() * Memory.PAGE_SIZE;
			if (bytes > capacity) {
				throw new KernelException("wasm: " + name + " starts with " + size(bytes) + " of memory, more than the "
						+ size(capacity) + " all WebAssembly runs of this OS2 may hold together (half its Java heap)");
			}
			boolean taken;
			try {
				taken = take(bytes, wait.toNanos(), () -> output.progress("waiting: other WebAssembly runs hold "
						+ size(inUse()) + " of the " + size(capacity) + " they share, and " + name + " needs "
						+ size(bytes) + " to start"));
			} catch (InterruptedException stopped) {
				Thread.currentThread().interrupt();
				throw new ChicoryInterruptedException("the run was stopped while waiting for memory");
			}
			if (!taken) {
				throw new KernelException("wasm: " + name + " needs " + size(bytes) + " of memory to start, and other"
						+ " WebAssembly runs have held " + size(inUse()) + " of the " + size(capacity)
						+ " they share for " + wait.toSeconds() + " s; try again when they have ended");
			}
			synchronized (this) {
				pages += limits.initialPages();
			}
			return new Admitted(made.apply(limits));
		}

		/** Gives back all this run took: its guest's memory is garbage now. */
		@Override
		public synchronized void close() {
			give(pages * Memory.PAGE_SIZE);
			pages = 0;
		}

		/** A guest's memory whose every growth is taken from the pool first: refused, {@code memory.grow} gives -1. */
		private final class Admitted extends DelegatingMemory {

			Admitted(Memory memory) {
				super(memory);
			}

			@Override
			public int grow(int more) {
				long bytes = (long) more * Memory.PAGE_SIZE;
				if (more > 0 && !tryTake(bytes)) {
					sayRefused(more);
					return -1;
				}
				int before = delegate().grow(more);
				synchronized (Account.this) {
					if (before < 0) {
						give(bytes); // beyond its own maximum: nothing was taken after all
					} else {
						pages += more;
					}
				}
				return before;
			}

			private void sayRefused(int more) {
				synchronized (Account.this) {
					if (refusalSaid) {
						return;
					}
					refusalSaid = true;
				}
				output.stderr("wasm: " + name + " was refused " + size((long) more * Memory.PAGE_SIZE) + " more memory: the"
						+ " WebAssembly runs of this OS2 hold " + size(inUse()) + " of the " + size(capacity)
						+ " they share (half its Java heap)\n");
			}
		}
	}
}
