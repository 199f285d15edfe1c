/**
 * Token budgets for run output: counting tokens as a model would, and cutting what a run shows to
 * a head and a tail around an elision marker. Private to the bundle.
 */
package os2.kernel.internal.budget;
