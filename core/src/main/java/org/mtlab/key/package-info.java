/**
 * Long-lived key material: the 256-byte {@link org.mtlab.key.AuthKey} with its public {@link
 * org.mtlab.key.AuthKeyId}, and {@link org.mtlab.key.Sender}, the direction (x = 0 for the client,
 * x = 8 for the server).
 */
package org.mtlab.key;
