/** The kernel's scheduler: Lamport timestamps, per-session order, sessions taking turns. */
package os2.kernel.internal.scheduling;
