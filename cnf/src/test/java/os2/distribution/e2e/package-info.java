/** End-to-end tests: the real ./os2 launcher and exported jar, started as child processes. */
package os2.distribution.e2e;
