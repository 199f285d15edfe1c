package os2.kernel.internal.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import os2.kernel.api.Cancellation;

/** The order tasks start in, given only what was submitted when. */
class DeterministicSchedulerTest {

	@Test
	@Timeout(10)
	void aSessionsTasksRunOneAtATimeInTheOrderSubmitted() throws Exception {
		List<String> events = Collections.synchronizedList(new ArrayList<>());
		try (DeterministicScheduler scheduler = new DeterministicScheduler(4, (task, number) -> {
		})) {
			List<Task<Integer>> tasks = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				int n = i;
				tasks.add(scheduler.submit("s1", () -> {
					events.add("begin " + n);
					Thread.sleep(2);
					events.add("end " + n);
					return n;
				}));
			}
			for (Task<Integer> task : tasks) {
				task.result().get(5, TimeUnit.SECONDS);
			}
		}
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			expected.add("begin " + i);
			expected.add("end " + i);
		}
		assertEquals(expected, events);
	}

	@Test
	@Timeout(10)
	void sessionsTakeTurnsWhatEverTheyQueued() throws Exception {
		List<String> started = Collections.synchronizedList(new ArrayList<>());
		CountDownLatch hold = new CountDownLatch(1);
		try (DeterministicScheduler scheduler = new DeterministicScheduler(1, (task, number) -> started.add(task.session()
				+ "@" + number))) {
			// one worker, held busy while the queues fill: the order then is the turn order alone
			Task<Object> blocker = scheduler.submit("first", () -> {
				hold.await();
				return null;
			});
			List<Task<Object>> tasks = new ArrayList<>();
			for (String session : List.of("a", "a", "a", "b", "c", "c")) {
				tasks.add(scheduler.submit(session, () -> null));
			}
			hold.countDown();
			blocker.result().get(5, TimeUnit.SECONDS);
			for (Task<Object> task : tasks) {
				task.result().get(5, TimeUnit.SECONDS);
			}
		}
		assertEquals(List.of("first@1", "a@2", "b@3", "c@4", "a@5", "c@6", "a@7"), started);
	}

	@Test
	@Timeout(10)
	void differentSessionsRunAtTheSameTime() throws Exception {
		CountDownLatch bothRunning = new CountDownLatch(2);
		try (DeterministicScheduler scheduler = new DeterministicScheduler(2, (task, number) -> {
		})) {
			Task<Boolean> one = scheduler.submit("one", () -> {
				bothRunning.countDown();
				return bothRunning.await(5, TimeUnit.SECONDS);
			});
			Task<Boolean> two = scheduler.submit("two", () -> {
				bothRunning.countDown();
				return bothRunning.await(5, TimeUnit.SECONDS);
			});
			assertTrue(one.result().get(6, TimeUnit.SECONDS));
			assertTrue(two.result().get(6, TimeUnit.SECONDS));
		}
	}

	@Test
	@Timeout(10)
	void sessionsOfOnePlaceTakeTurnsWhileAnotherPlaceRunsBesideThem() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch firstRunning = new CountDownLatch(1);
		CountDownLatch otherPlaceRan = new CountDownLatch(1);
		List<String> order = new CopyOnWriteArrayList<>();
		try (DeterministicScheduler scheduler = new DeterministicScheduler(3, (task, number) -> {
		})) {
			Task<Object> first = scheduler.submit("one", "/ws/a", () -> {
				order.add("one in a");
				firstRunning.countDown();
				return release.await(5, TimeUnit.SECONDS);
			}, stamp -> {
			});
			firstRunning.await();
			Task<Object> second = scheduler.submit("two", "/ws/a", () -> order.add("two in a"), stamp -> {
			});
			Task<Object> other = scheduler.submit("three", "/ws/b", () -> {
				order.add("three in b");
				otherPlaceRan.countDown();
				return null;
			}, stamp -> {
			});
			// a worker is free and session two waits: it does not start while one works in its place
			otherPlaceRan.await();
			other.result().get(5, TimeUnit.SECONDS);
			assertFalse(second.result().isDone());
			release.countDown();
			first.result().get(5, TimeUnit.SECONDS);
			second.result().get(5, TimeUnit.SECONDS);
			assertEquals(List.of("one in a", "three in b", "two in a"), order);
		}
	}

	@Test
	void timestampsGrowByOneAndJumpPastWhatIsWitnessed() throws Exception {
		try (DeterministicScheduler scheduler = new DeterministicScheduler(1, (task, number) -> {
		})) {
			long first = scheduler.submit("s", () -> null).lamport();
			long second = scheduler.submit("t", () -> null).lamport();
			scheduler.witness(100);
			long third = scheduler.submit("s", () -> null).lamport();
			assertEquals(List.of(1L, 2L, 101L), List.of(first, second, third));
		}
	}

	@Test
	@Timeout(10)
	void whatATaskThrowsReachesItsCallerAndTheSessionGoesOn() throws Exception {
		try (DeterministicScheduler scheduler = new DeterministicScheduler(1, (task, number) -> {
		})) {
			Task<Object> failing = scheduler.submit("s", () -> {
				throw new IllegalStateException("broken tool");
			});
			Task<String> next = scheduler.submit("s", () -> "still running");
			ExecutionException thrown = assertThrows(ExecutionException.class, () -> failing.result().get(5, TimeUnit.SECONDS));
			assertEquals("broken tool", thrown.getCause().getMessage());
			assertEquals("still running", next.result().get(5, TimeUnit.SECONDS));
		}
	}

	@Test
	@Timeout(10)
	void aCallerRunsItsTaskOnItsOwnThreadInItsTurn() throws Exception {
		List<String> started = Collections.synchronizedList(new ArrayList<>());
		CountDownLatch hold = new CountDownLatch(1);
		try (DeterministicScheduler scheduler = new DeterministicScheduler(1, (task, number) -> started.add(task.session()
				+ "@" + number + " on " + Thread.currentThread().getName()))) {
			String caller = Thread.currentThread().getName();
			assertEquals("now", scheduler.call("s", "s", () -> "now", stamp -> {
			}, new Cancellation()));

			// one worker, held busy: the call waits its turn behind a task queued before it
			CountDownLatch blocking = new CountDownLatch(1);
			Task<Object> blocker = scheduler.submit("s", () -> {
				blocking.countDown();
				hold.await();
				return null;
			});
			CountDownLatch queued = new CountDownLatch(1);
			CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
				try {
					return scheduler.call("s", "s", () -> Thread.currentThread().getName(), stamp -> queued.countDown(),
							new Cancellation());
				} catch (InterruptedException | ExecutionException e) {
					throw new IllegalStateException(e);
				}
			});
			blocking.await(); // the worker has started it: on a slow machine that may come after the call is queued
			queued.await();
			assertEquals(2, started.size(), "the call started before the task ahead of it ended: " + started);
			hold.countDown();
			blocker.result().get(5, TimeUnit.SECONDS);
			String ranOn = waiting.get(5, TimeUnit.SECONDS);

			assertEquals(List.of("s@1 on " + caller, "s@2 on os2-run-1", "s@3 on " + ranOn), started);
			assertTrue(!ranOn.startsWith("os2-run-"), ranOn);
		}
	}

	@Test
	@Timeout(10)
	void aCallerCancelledInTheQueueWithdrawsItsTaskWhichNeverRunsAndTheSessionGoesOn() throws Exception {
		List<String> ran = Collections.synchronizedList(new ArrayList<>());
		CountDownLatch hold = new CountDownLatch(1);
		try (DeterministicScheduler scheduler = new DeterministicScheduler(1, (task, number) -> ran.add("dispatched " + number))) {
			Task<Object> blocker = scheduler.submit("s", () -> {
				hold.await();
				return null;
			});
			Cancellation cancellation = new Cancellation();
			CountDownLatch queued = new CountDownLatch(1);
			CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> {
				try {
					scheduler.call("s", "s", () -> ran.add("the withdrawn task"), stamp -> queued.countDown(), cancellation);
					return "call returned";
				} catch (CancellationException withdrawn) {
					return "call cancelled: " + withdrawn.getMessage();
				} catch (InterruptedException | ExecutionException e) {
					return "call failed: " + e;
				}
			});
			queued.await();
			cancellation.cancel("interrupted");
			String outcome = call.get(5, TimeUnit.SECONDS);
			hold.countDown();
			blocker.result().get(5, TimeUnit.SECONDS);
			Task<String> next = scheduler.submit("s", () -> "next");

			assertEquals("next", next.result().get(5, TimeUnit.SECONDS));
			assertEquals("call cancelled: cancelled before it started: interrupted", outcome);
			assertEquals(List.of("dispatched 1", "dispatched 2"), ran, "the withdrawn task was dispatched or ran");
		}
	}

	@Test
	@Timeout(10)
	void aCallerInterruptedInTheQueueWithdrawsItsTaskToo() throws Exception {
		List<String> ran = Collections.synchronizedList(new ArrayList<>());
		CountDownLatch hold = new CountDownLatch(1);
		try (DeterministicScheduler scheduler = new DeterministicScheduler(1, (task, number) -> {
		})) {
			Task<Object> blocker = scheduler.submit("s", () -> {
				hold.await();
				return null;
			});
			CountDownLatch queued = new CountDownLatch(1);
			Thread caller = new Thread(() -> {
				try {
					scheduler.call("s", "s", () -> ran.add("the withdrawn task"), stamp -> queued.countDown(), new Cancellation());
					ran.add("call returned");
				} catch (InterruptedException e) {
					ran.add("call interrupted");
				} catch (ExecutionException e) {
					ran.add("call failed");
				}
			});
			caller.start();
			queued.await();
			caller.interrupt();
			caller.join();
			hold.countDown();
			blocker.result().get(5, TimeUnit.SECONDS);
			Task<String> next = scheduler.submit("s", () -> "next");

			assertEquals("next", next.result().get(5, TimeUnit.SECONDS));
			assertEquals(List.of("call interrupted"), ran);
		}
	}
}
