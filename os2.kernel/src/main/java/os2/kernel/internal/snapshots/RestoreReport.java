package os2.kernel.internal.snapshots;

/**
 * What a restore did to a workspace.
 *
 * @param written files written, directories and links made
 * @param removed names removed (everything beneath a directory removed counts)
 * @param modesChanged files and directories whose content was right but whose permission bits
 *        were set
 * @param unchanged files, directories and links left as they were
 */
public record RestoreReport(long written, long removed, long modesChanged, long unchanged) {
}
