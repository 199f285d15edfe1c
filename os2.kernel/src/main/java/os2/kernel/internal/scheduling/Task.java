package os2.kernel.internal.scheduling;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A unit of work of one session, stamped when it was submitted; the scheduler adds its dispatch
 * number (the order in which tasks were started) before it runs.
 *
 * @param place what it works on that no other task may work on at the same time (a workspace);
 *        tasks of other places run side by side
 * @param lamport the logical time of its submission, unique across the kernel
 */
public record Task<T>(String session, String place, long lamport, Callable<T> work, CompletableFuture<T> result) {
}
