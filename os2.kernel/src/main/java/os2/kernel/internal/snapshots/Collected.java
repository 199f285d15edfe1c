package os2.kernel.internal.snapshots;

/**
 * What removing a snapshot freed.
 *
 * @param manifests manifests removed (1)
 * @param objects objects no remaining snapshot (nor a capture not yet saved) reached, removed
 * @param bytes their bytes
 */
public record Collected(long manifests, long objects, long bytes) {
}
