package os2.kernel.internal.scheduling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongConsumer;

import os2.kernel.api.Cancellation;

/**
 * Runs tasks on a bounded pool in an order decided by logical inputs only:
 * <ul>
 * <li>every task gets a Lamport timestamp when it is submitted (the kernel's clock, advanced by
 * one per submission and past any timestamp a caller brings);</li>
 * <li>a session's tasks run one at a time, in the order of their timestamps (FIFO);</li>
 * <li>tasks of one place (a workspace) run one at a time, whichever sessions they are of: no
 * sandboxed process of a workspace is alive while another run's host code works on it;</li>
 * <li>when a worker is free, sessions take turns (round-robin in the order they first
 * submitted): the next session after the one last served that has a task waiting and none
 * running gets its oldest task started.</li>
 * </ul>
 * Which tasks wait at the moment a worker frees up depends on when runs end, so the scheduler
 * numbers every start ({@code dispatch}) and the kernel records it beside the timestamp: a
 * replay follows the recorded order rather than hoping to fall into it again.
 * <p>
 * A caller that waits for its task anyway can run it itself ({@link #call}): the task takes its
 * place in the order and in the pool's count as any other, but starts on the caller's thread.
 * A task started at once then costs no hand-over between threads (two of them, ~0.2 ms each on
 * the 2-core VM measured, where a sleeping worker is slow to wake).
 */
public final class DeterministicScheduler implements AutoCloseable {

	/** Told each task's dispatch number just before it starts, on the worker thread. */
	public interface DispatchListener {
		void dispatched(Task<?> task, long dispatch);
	}

	private final ExecutorService workers;
	private final int poolSize;
	private final Map<String, Queue<Task<?>>> queues = new LinkedHashMap<>();
	private final List<String> turnOrder = new ArrayList<>();
	private final Set<String> running = new HashSet<>();
	private final Set<String> busyPlaces = new HashSet<>();
	/** Tasks whose callers run them, each with the future its dispatch number goes to. */
	private final Map<Task<?>, CompletableFuture<Long>> callerRun = new HashMap<>();
	private final DispatchListener listener;
	private long clock;
	private long dispatched;
	private int lastServed = -1;
	private int busy;
	/** Set on close: what is still queued never starts (the pool refuses new work then). */
	private boolean closed;

	public DeterministicScheduler(int poolSize, DispatchListener listener) {
		this.poolSize = poolSize;
		this.listener = listener;
		ThreadFactory threads = Thread.ofPlatform().name("os2-run-", 1).daemon(true).factory();
		this.workers = Executors.newFixedThreadPool(poolSize, threads);
	}

	/** Advances the clock past a timestamp seen elsewhere (Lamport's receive rule). */
	public synchronized void witness(long lamport) {
		clock = Math.max(clock, lamport);
	}

	public synchronized long clock() {
		return clock;
	}

	/** Queues work for a session, of a place of its own; the future completes with its result once it has run. */
	public <T> Task<T> submit(String session, Callable<T> work) {
		return submit(session, ownPlace(session), work, stamp -> {
		});
	}

	/** As {@link #submit(String, Callable)}, of {@code place}, telling {@code stamped} the timestamp before the task can start. */
	public synchronized <T> Task<T> submit(String session, String place, Callable<T> work, LongConsumer stamped) {
		Task<T> task = new Task<>(session, place, ++clock, work, new CompletableFuture<>());
		stamped.accept(task.lamport());
		enqueue(task);
		return task;
	}

	private void enqueue(Task<?> task) {
		queues.computeIfAbsent(task.session(), s -> {
			turnOrder.add(s);
			return new ArrayDeque<>();
		}).add(task);
		dispatchWhatCan();
	}

	/**
	 * Queues work for a session, of {@code place}, waits for its turn and runs it on this thread.
	 *
	 * @param cancelled when cancelled before the work began, the work is taken out of the queue and
	 *        never begins; once begun, the work itself watches it
	 * @return what the work returned
	 * @throws ExecutionException with what the work threw
	 * @throws CancellationException when cancelled before the work began
	 * @throws InterruptedException when interrupted before the work began; it then never begins.
	 *         Once begun, the work sees the interrupt.
	 */
	public <T> T call(String session, String place, Callable<T> work, LongConsumer stamped, Cancellation cancelled)
			throws InterruptedException, ExecutionException {
		Task<T> task;
		CompletableFuture<Long> dispatch = new CompletableFuture<>();
		synchronized (this) {
			task = new Task<>(session, place, ++clock, work, new CompletableFuture<>());
			stamped.accept(task.lamport());
			callerRun.put(task, dispatch);
			enqueue(task);
		}
		long number;
		try (Cancellation.Registration withdrawing = cancelled.onCancel(reason -> withdraw(task, reason))) {
			number = dispatch.get();
		} catch (InterruptedException gaveUp) {
			if (withdraw(task, "interrupted")) {
				throw gaveUp;
			}
			Thread.currentThread().interrupt(); // started meanwhile: run it, interrupted
			number = dispatch.join();
		} catch (ExecutionException withdrawn) { // completed by withdraw: it never started
			throw new CancellationException(withdrawn.getCause().getMessage());
		}
		run(task, number);
		return task.result().get();
	}

	/** Takes a caller's task out of the queue if it has not started; @return whether it had not */
	private synchronized boolean withdraw(Task<?> task, String reason) {
		CompletableFuture<Long> dispatch = callerRun.remove(task);
		if (dispatch == null) {
			return false;
		}
		queues.get(task.session()).remove(task);
		dispatch.completeExceptionally(new IllegalStateException("cancelled before it started: " + reason));
		return true;
	}

	/** Starts tasks while workers are free and some session has one waiting, none running, and its place free. */
	private void dispatchWhatCan() {
		while (busy < poolSize && !closed) {
			Task<?> next = nextInTurn();
			if (next == null) {
				return;
			}
			busy++;
			running.add(next.session());
			busyPlaces.add(next.place());
			long number = ++dispatched;
			CompletableFuture<Long> caller = callerRun.remove(next);
			if (caller != null) {
				caller.complete(number);
			} else {
				workers.execute(() -> run(next, number));
			}
		}
	}

	private Task<?> nextInTurn() {
		for (int step = 1; step <= turnOrder.size(); step++) {
			int candidate = (lastServed + step) % turnOrder.size();
			String session = turnOrder.get(candidate);
			Queue<Task<?>> queue = queues.get(session);
			if (!running.contains(session) && !queue.isEmpty() && !busyPlaces.contains(queue.peek().place())) {
				lastServed = candidate;
				return queue.poll();
			}
		}
		return null;
	}

	private <T> void run(Task<T> task, long number) {
		try {
			listener.dispatched(task, number);
			task.result().complete(task.work().call());
		} catch (Throwable failed) { // a thread boundary: whatever the work threw goes to its caller
			task.result().completeExceptionally(failed);
		} finally {
			synchronized (this) {
				busy--;
				running.remove(task.session());
				busyPlaces.remove(task.place());
				dispatchWhatCan();
			}
		}
	}

	/** A place no other session's tasks share. */
	private static String ownPlace(String session) {
		return "session " + session;
	}

	@Override
	public void close() {
		synchronized (this) {
			closed = true;
		}
		workers.shutdownNow();
	}
}
