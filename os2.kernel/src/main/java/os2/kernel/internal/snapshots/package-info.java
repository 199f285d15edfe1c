/**
 * Snapshots of workspaces: a content-addressed, deduplicated store of SHA-256 objects (file
 * contents and one tree object per directory) and manifests naming a root tree, with incremental
 * capture through a stat cache, restore, diff and garbage collection. See docs/snapshots.md.
 * Private to the bundle.
 */
package os2.kernel.internal.snapshots;
