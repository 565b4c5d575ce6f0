/**
 * Baselines that are not MTLab code, run beside MTLab's subjects so that every number in the report
 * has something to be read against: the JDK's {@code AES/CBC/NoPadding} encryption (as serial as
 * IGE, so the practical limit for IGE on the JVM), a chain of one-block {@code AES/ECB} decryptions
 * each fed the previous output (the floor of IGE decryption on the JDK's API), the JDK's {@code
 * AES/ECB/NoPadding} over a whole buffer (pipelined AES, an upper bound IGE cannot reach) and the
 * JDK's SHA-256.
 *
 * <p>Each class wraps one JDK primitive with a caller-buffer method that allocates nothing per call
 * (when the JDK itself allocates nothing), so that the benchmarks compare like with like.
 */
package org.mtlab.bench.baseline;
